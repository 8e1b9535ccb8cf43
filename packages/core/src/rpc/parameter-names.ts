/** What a function's source says of one parameter. */
export interface DeclaredParameter {
  /** Its name; `undefined` for a destructured parameter (`{ a, b }`). */
  name: string | undefined;
  /** Whether it has a default value (`limit = 10`), as Python's "not required". */
  hasDefault: boolean;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);
const QUOTES = new Set(['"', "'", '`']);
const SIMPLE = /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)\s*(=)?/;

/**
 * The parameters of `fn` as its compiled source declares them. Types and decorators are
 * gone from compiled JavaScript, so the list holds names and defaults only; the schema
 * uses them as Python's `inspect.signature()` does.
 */
export function declaredParameters(fn: Function): DeclaredParameter[] {
  const list = parameterList(Function.prototype.toString.call(fn));
  if (list === undefined || list.trim() === '') return [];
  return splitTopLevel(list).map(part => {
    const match = SIMPLE.exec(part);
    return match
      ? { name: match[1], hasDefault: match[2] === '=' }
      : { name: undefined, hasDefault: /^\s*[[{][\s\S]*[\]}]\s*=/.test(part) };
  });
}

/** The text between a method's first `(` and its matching `)`. */
function parameterList(source: string): string | undefined {
  const start = source.indexOf('(');
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const char = source[i];
    if (QUOTES.has(char)) i = skipString(source, i);
    else if (OPEN.has(char)) depth++;
    else if (CLOSE.has(char) && --depth === 0) {
      return source.slice(start + 1, i);
    }
  }
  return undefined;
}

/** `text` split at the commas that are not inside brackets or strings. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (QUOTES.has(char)) i = skipString(text, i);
    else if (OPEN.has(char)) depth++;
    else if (CLOSE.has(char)) depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  const last = text.slice(from);
  if (last.trim() !== '') parts.push(last);
  return parts;
}

/** The index of the quote that closes the string opened at `start`. */
function skipString(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}
