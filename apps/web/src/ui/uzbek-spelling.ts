/**
 * Uzbek Latin spelling as the 1995 alphabet writes it: oʻ and gʻ take the turned comma ʻ (U+02BB),
 * the tutuq belgisi of maʼlumot or masʼul takes the modifier apostrophe ʼ (U+02BC). Keyboards give
 * ', ‘ or ’ instead; as letters (not punctuation), U+02BB and U+02BC keep a word whole for the
 * browser's line breaking, double-click selection and a screen reader.
 */
const MISSPELT = /[A-Za-z]['‘’`][A-Za-z]/g;

/** The places in `text` where a letter is joined by a punctuation apostrophe, e.g. ["o'z"]. */
export function uzbekApostropheSlips(text: string): string[] {
  return [...text.matchAll(MISSPELT)].map((m) => m[0]);
}

const APOSTROPHE_LIKE = /['‘’`´ʻʼ]/g;

/**
 * Text as a filter box compares it: lower case in the reader's language, apostrophes of every kind
 * dropped, so "Qo'qon", "Qo‘qon" and "Qoʻqon" find one another.
 */
export function searchFold(text: string, lang: string): string {
  return text.normalize('NFC').toLocaleLowerCase(lang).replace(APOSTROPHE_LIKE, '');
}
