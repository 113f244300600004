// Messages of the text area (English, the reference catalog): how lists are joined (src/i18n/text.ts). Rules: docs/i18n.md.
export const text = {
  listSeparator: ', ',
  alternativesSeparator: ' or ',
};
