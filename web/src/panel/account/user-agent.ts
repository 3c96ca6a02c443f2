/** A browser and system name from a User-Agent, for telling sessions apart (not for logic). */
export function describeUserAgent(userAgent: string | null): { browser: string; os: string } | null {
  if (!userAgent) return null;
  const browser =
    match(userAgent, [
      [/Edg(e|A|iOS)?\//, 'Edge'],
      [/OPR\/|Opera/, 'Opera'],
      [/Firefox\/|FxiOS\//, 'Firefox'],
      [/HeadlessChrome\//, 'Headless Chrome'],
      [/Chrom(e|ium)\/|CriOS\//, 'Chrome'],
      [/Safari\//, 'Safari'],
    ]) ?? null;
  const os =
    match(userAgent, [
      [/Android/, 'Android'],
      [/iPhone|iPad|iPod/, 'iOS'],
      [/Windows/, 'Windows'],
      [/Mac OS X|Macintosh/, 'macOS'],
      [/CrOS/, 'ChromeOS'],
      [/Linux/, 'Linux'],
    ]) ?? null;
  if (!browser && !os) return null;
  return { browser: browser ?? userAgent.split(/[ /]/)[0] ?? '?', os: os ?? '?' };
}

function match(text: string, rules: [RegExp, string][]): string | undefined {
  return rules.find(([pattern]) => pattern.test(text))?.[1];
}
