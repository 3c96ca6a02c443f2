/**
 * JSON as Discord reads it. Clients in languages with 64-bit integers (discord.py, JDA, serenity
 * users) may send snowflakes as JSON numbers; Discord accepts them. `JSON.parse` would round them
 * (every snowflake after early 2015 is above 2^53), so integer literals too large to be exact are
 * kept as their decimal strings, the form the rest of the emulator uses for ids.
 */
export function parseDiscordJson(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

/** Rewrites integer literals outside strings that a double can't hold exactly as JSON strings. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      i += 1;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i += 1;
      continue;
    }
    if ((char !== undefined && char >= '0' && char <= '9') || char === '-') {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end] ?? '')) end += 1;
      const literal = text.slice(i, end);
      if (/^\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(copiedUpTo, i)}"${literal}"`;
        copiedUpTo = end;
      }
      i = end;
      continue;
    }
    i += 1;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}
