// Quick search as an operator types it: words in any order, either Arabic or Persian forms of
// ی/ک, half-spaces (ZWNJ) typed as a space or not at all, Persian or Latin digits, no case.

const FOLD: Record<string, string> = {
  '\u064a': '\u06cc', // Arabic yeh → Persian yeh
  '\u0649': '\u06cc', // alef maksura → Persian yeh
  '\u0643': '\u06a9', // Arabic kaf → Persian keheh
  '\u0629': '\u0647', // teh marbuta → heh
  '\u06c0': '\u0647', // heh with yeh above → heh
  '\u0623': '\u0627', // alef with hamza above → alef
  '\u0625': '\u0627', // alef with hamza below → alef
  '\u0622': '\u0627', // alef with madda → alef
};

/** One comparable form: folded letters, Latin digits, lower case, no diacritics; half-spaces and punctuation as spaces. */
export function foldForSearch(text: string): string {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .replace(/[\u064a\u0649\u0643\u0629\u06c0\u0623\u0625\u0622]/g, (c) => FOLD[c]!)
      .replace(/[\u06f0-\u06f9]/g, (c) => String(c.charCodeAt(0) - 0x06f0))
      .replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - 0x0660))
      // harakat, superscript alef and tatweel: never typed on purpose
      .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
      // ZWNJ, ZWJ and every kind of punctuation (› - / ، ( ) …) separate words
      .replace(/[\u200c\u200d\p{P}\p{S}\s]+/gu, ' ')
      .trim()
  );
}

/** A text prepared once for many queries. */
export interface SearchTarget {
  words: string[];
  /** The words run together: "آسفالت ریزی" is found by "آسفالتریزی" too. */
  joined: string;
}

export function searchTarget(...texts: string[]): SearchTarget {
  const words = texts.flatMap((t) => foldForSearch(t).split(' ')).filter(Boolean);
  return { words, joined: words.join('') };
}

/**
 * How well a query matches: null when some word of the query is found nowhere; otherwise higher
 * is better (a word that starts a word of the target counts more than one found inside a word).
 */
export function matchScore(query: string, target: SearchTarget): number | null {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return null;
  let score = 0;
  for (const w of words) {
    if (target.words.some((t) => t.startsWith(w))) score += 2;
    else if (target.words.some((t) => t.includes(w)) || target.joined.includes(w)) score += 1;
    else return null;
  }
  return score;
}

/** The items matching a query, best first (ties in their given order), at most `limit`. */
export function searchItems<T>(query: string, items: Array<{ item: T; target: SearchTarget }>, limit: number): T[] {
  const hits: Array<{ item: T; score: number; i: number }> = [];
  items.forEach(({ item, target }, i) => {
    const score = matchScore(query, target);
    if (score !== null) hits.push({ item, score, i });
  });
  return hits
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.item);
}
