/**
 * Script-independent name matching for patient search.
 *
 * The same person may be registered as "Хасанов", "Xasanov" (Uzbek Latin), "Khasanov" (passport
 * transliteration) or "Hasanov" (typed by ear). Search indexes and queries both go through
 * nameKey(), so equal keys mean "plausibly the same spelling of the same name".
 *
 * nameKey rules, applied per word after transliterate():
 *   1. Apostrophes (o' g' ʻ ʼ ‘ ’) are dropped; anything that is not a-z separates words.
 *   2. Spelling variants fold to one unit, longest match first, left to right:
 *        shch -> sh   (Щ written as Shch or Sh; best effort)
 *        dzh, zh, j -> j   (Ж and Uzbek/Kazakh Latin J; a 'j' is never read as the Й glide)
 *        kh, x, h -> x     (Х / Ҳ / Һ; 'x' is the symbol so that 's'+'h' can never forge 'sh')
 *        gh -> g, q -> k, ts -> c, w -> v, y -> i
 *        sh and ch stay distinct from s and c.
 *   3. Runs of the same unit collapse (nn -> n, iy -> ii -> i, so Aliyev == Aliev).
 *   4. An 'i' before 'e' at the start of a word or after a vowel is a glide and is dropped,
 *      because Russian Е is written 'ye' there by some and 'e' by others (Yerlan == Erlan).
 *   Known blind spots, accepted for simplicity: English 'x' = "ks" (Alexander != Александр),
 *   ё written as 'e' (Semenov != Семёнов), 'j' used as a glide (Julija).
 */

const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Kazakh
  ә: 'a', ғ: 'gh', қ: 'q', ң: 'ng', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i',
  // Uzbek (ғ, қ shared with Kazakh)
  ў: 'o', ҳ: 'h',
  // Ukrainian/Belarusian letters occasionally seen in CIS documents
  є: 'ye', ї: 'yi', ґ: 'g',
};

// Latin letters whose diacritic changes the sound, so plain stripping would lose it.
// ş/ç are Turkish-style sh/ch (Kazakh Latin 2021); ñ/ń and ğ/ǵ are Kazakh Latin ң and ғ.
const LATIN_SPECIAL: Readonly<Record<string, string>> = {
  ş: 'sh', ç: 'ch', ñ: 'ng', ń: 'ng', ğ: 'gh', ǵ: 'gh', ı: 'i', ß: 'ss', æ: 'ae', ø: 'o', ł: 'l', đ: 'd',
};

// Uzbek Latin writes o‘/g‘ with U+02BB, keyboards substitute any of these.
const APOSTROPHES = new Set(["'", 'ʻ', 'ʼ', '‘', '’', '`', '´', 'ʹ', 'ʽ']);

/**
 * Cyrillic (Russian, Kazakh, Uzbek) to lowercase ASCII Latin, readable rather than reversible.
 * Latin letters with diacritics are folded to ASCII; other characters pass through unchanged,
 * except that apostrophe look-alikes become "'".
 */
export function transliterate(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').toLowerCase()) {
    out += CYRILLIC[ch] ?? LATIN_SPECIAL[ch] ?? (APOSTROPHES.has(ch) ? "'" : ch);
  }
  // Mapping must precede NFD: NFD would split й into и + breve before we could map it.
  return out.normalize('NFD').replace(/\p{M}/gu, '');
}

const MULTI: ReadonlyArray<readonly [string, string]> = [
  ['shch', 'sh'],
  ['dzh', 'j'],
  ['zh', 'j'],
  ['kh', 'x'],
  ['gh', 'g'],
  ['sh', 'sh'],
  ['ch', 'ch'],
  ['ts', 'c'],
];

const SINGLE: Readonly<Record<string, string>> = { q: 'k', h: 'x', y: 'i', w: 'v' };

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

function collapse(units: string[]): string[] {
  return units.filter((u, i) => i === 0 || units[i - 1] !== u);
}

function wordKey(word: string): string {
  const units: string[] = [];
  for (let i = 0; i < word.length; ) {
    const multi = MULTI.find(([from]) => word.startsWith(from, i));
    if (multi) {
      units.push(multi[1]);
      i += multi[0].length;
    } else {
      units.push(SINGLE[word[i]] ?? word[i]);
      i += 1;
    }
  }
  const folded = collapse(units);
  const withoutGlides = folded.filter(
    (u, i) => !(u === 'i' && folded[i + 1] === 'e' && (i === 0 || VOWELS.has(folded[i - 1]))),
  );
  return collapse(withoutGlides).join('');
}

/** Per-word phonetic keys; words that contain no Latin or Cyrillic letters are dropped. */
export function nameKeyTokens(text: string): string[] {
  return transliterate(text)
    .replaceAll("'", '')
    .split(/[^a-z]+/)
    .filter((w) => w !== '')
    .map(wordKey);
}

/** Phonetic key for a whole name: per-word keys joined by single spaces ('' for no letters). */
export function nameKey(text: string): string {
  return nameKeyTokens(text).join(' ');
}
