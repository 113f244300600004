// Types for the two files of ssh2 that src/remote/ssh.ts imports directly (its index also loads the server, SFTP
// helpers, HTTP agents and key generation, none of which hasetup uses): the same as @types/ssh2's. Both are
// CommonJS (`module.exports = ...`): import them by their default export.
declare module 'ssh2/lib/client.js' {
  import { Client } from 'ssh2';
  export = Client;
}

declare module 'ssh2/lib/protocol/keyParser.js' {
  import { utils } from 'ssh2';
  const keyParser: { parseKey: typeof utils.parseKey };
  export = keyParser;
}
