// A small XML well-formedness checker for the tests (no XML parser among the dependencies): elements nest and
// close, attributes are quoted and unique, text and attribute values hold no raw '<' and only known entities.
const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITY = /^&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function checkText(s: string, where: string): void {
  for (let i = s.indexOf('&'); i !== -1; i = s.indexOf('&', i + 1)) {
    if (!ENTITY.test(s.slice(i))) throw new Error(`bad entity in ${where}: ${s.slice(i, i + 12)}`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s)) throw new Error(`control character in ${where}`);
}

export function checkWellFormedXml(xml: string): void {
  let s = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  while (s.length) {
    const lt = s.indexOf('<');
    const text = lt === -1 ? s : s.slice(0, lt);
    if (stack.length === 0 && text.trim()) throw new Error('text outside the root element');
    checkText(text, 'text');
    if (lt === -1) break;
    s = s.slice(lt);
    if (s.startsWith('<!--')) {
      const end = s.indexOf('-->');
      if (end === -1) throw new Error('unclosed comment');
      s = s.slice(end + 3);
      continue;
    }
    if (s.startsWith('</')) {
      const m = /^<\/([A-Za-z_:][\w.:-]*)\s*>/.exec(s);
      if (!m) throw new Error(`bad end tag: ${s.slice(0, 20)}`);
      const open = stack.pop();
      if (open !== m[1]) throw new Error(`</${m[1]}> closes <${open ?? 'nothing'}>`);
      s = s.slice(m[0].length);
      continue;
    }
    s = s.slice(1);
    const name = NAME.exec(s)?.[0];
    if (!name) throw new Error(`bad tag: <${s.slice(0, 20)}`);
    if (stack.length === 0 && roots++ > 0) throw new Error('more than one root element');
    s = s.slice(name.length);
    const seen = new Set<string>();
    for (;;) {
      const ws = /^\s*/.exec(s)![0];
      s = s.slice(ws.length);
      if (s.startsWith('/>')) {
        s = s.slice(2);
        break;
      }
      if (s.startsWith('>')) {
        s = s.slice(1);
        stack.push(name);
        break;
      }
      if (!ws) throw new Error(`no space before attribute in <${name}>`);
      const a = /^([A-Za-z_:][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(s);
      if (!a) throw new Error(`bad attribute in <${name}>: ${s.slice(0, 30)}`);
      if (seen.has(a[1]!)) throw new Error(`duplicate attribute ${a[1]} in <${name}>`);
      seen.add(a[1]!);
      checkText(a[3] ?? a[4] ?? '', `attribute ${a[1]}`);
      s = s.slice(a[0].length);
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error('no root element');
}
