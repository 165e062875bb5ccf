// A path as a shell word, for the commands the CLI suggests: `npm run cli -- features 'my data.csv'`
// (a path with a space, unquoted, would be two arguments).
export function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
