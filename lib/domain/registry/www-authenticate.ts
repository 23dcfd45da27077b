/**
 * `WWW-Authenticate` challenges (RFC 7235) as a registry sends them, e.g.
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x:pull"`.
 * Several challenges may share one header; parameters may be quoted (with `\` escapes) or tokens.
 */
export type Challenge = { scheme: string; params: Record<string, string> };

export function parseWwwAuthenticate(header: string | null | undefined): Challenge[] {
  if (!header) return [];
  const challenges: Challenge[] = [];
  let i = 0;
  const text = header;
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  };
  const readToken = () => {
    const start = i;
    while (i < text.length && !/[\s,=]/.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  const readQuoted = () => {
    let value = "";
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\" && i + 1 < text.length) i++;
      value += text[i];
      i++;
    }
    i++; // closing quote
    return value;
  };
  while (i < text.length) {
    skipSpace();
    if (text[i] === ",") {
      i++;
      continue;
    }
    const scheme = readToken();
    if (!scheme) {
      i++;
      continue;
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    // Parameters until the next bare token (a new scheme) that is not followed by `=`.
    for (;;) {
      skipSpace();
      while (text[i] === ",") {
        i++;
        skipSpace();
      }
      if (i >= text.length) break;
      const save = i;
      const name = readToken();
      skipSpace();
      if (!name || text[i] !== "=") {
        i = save;
        break;
      }
      i++;
      skipSpace();
      const value = text[i] === '"' ? readQuoted() : readToken();
      challenge.params[name.toLowerCase()] = value;
    }
  }
  return challenges;
}

/** The challenge a registry client answers: bearer if offered (it needs a token), else basic. */
export function pickChallenge(challenges: readonly Challenge[]): Challenge | null {
  return challenges.find((c) => c.scheme === "bearer") ?? challenges.find((c) => c.scheme === "basic") ?? null;
}
