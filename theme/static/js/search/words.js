// What the words people type mean before Pagefind sees them: words that name a filter
// ("TikTok hospitals in Texas"), synonyms ("St" is "saint"), and typos ("Rochster").
// The data is the build's (search.py: search/words.json and search/vocabulary-<letter>.json),
// fetched from the site itself once, as JSON: nothing from it is ever parsed as HTML.

const fetched = new Map();

function fetchJson(url) {
  if (!fetched.has(url)) {
    fetched.set(
      url,
      fetch(url)
        .then((response) => (response.ok ? response.json() : null))
        .catch(() => null),
    );
  }
  return fetched.get(url);
}

export function loadWords(root) {
  return fetchJson(new URL("search/words.json", root).href);
}

// The words of a text as the build splits them (synonyms.py: words): accents and case
// folded, apostrophes kept inside a word, other punctuation dropped.
export function tokens(text) {
  const plain = text.replace(/\u2019/g, "'").normalize("NFKD").replace(/\p{M}/gu, "");
  return plain.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) || [];
}

// The original spelling of each token, to tell "IN" (Indiana) from "in".
function typedTokens(text) {
  return text.replace(/\u2019/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) || [];
}

const BEFORE_PLACE = new Set(["in", "near", "from"]);

// Splits a query into the words to search and the filters its words name. A platform or a
// plural type ("hospitals") is a filter anywhere; a place only after "in" ("in Texas",
// "in TX"), since a place in a name ("Texas Children's") is a word of the name. A code
// that is also a word ("in IN", "OK") counts only in capitals.
export function understand(query, words, dismissed = new Set()) {
  const list = tokens(query);
  const typed = typedTokens(query);
  const filters = words?.filters || {};
  const longest = words?.longest || 1;
  const kept = [];
  const chips = [];
  for (let at = 0; at < list.length; ) {
    let found = null;
    for (let length = Math.min(longest, list.length - at); length > 0 && !found; length--) {
      const phrase = list.slice(at, at + length).join(" ");
      const meaning = Object.hasOwn(filters, phrase) ? filters[phrase] : null;
      if (!meaning) continue;
      const [group, value, label, where] = meaning;
      const afterIn = at > 0 && BEFORE_PLACE.has(list[at - 1]);
      if (where !== "any" && !afterIn) continue;
      if (dismissed.has(phrase)) {
        // A place searched as words: "in" would find nothing.
        if (where !== "any") kept.pop();
        break;
      }
      if (where === "place-code" && typed[at] !== typed[at].toUpperCase()) continue;
      found = { phrase, group, value, label, length, afterIn: where !== "any" };
    }
    if (found) {
      if (found.afterIn) kept.pop(); // "in"
      chips.push(found);
      at += found.length;
    } else {
      kept.push(list[at]);
      at += 1;
    }
  }
  return { words: kept, chips };
}

// Each word or phrase of a synonym group replaced by the group's first word.
export function canonical(list, words) {
  const synonyms = words?.synonyms || {};
  const out = [];
  for (let at = 0; at < list.length; ) {
    let replaced = false;
    for (let length = Math.min(3, list.length - at); length > 0; length--) {
      const phrase = list.slice(at, at + length).join(" ");
      const key = Object.hasOwn(synonyms, phrase) ? phrase : phrase.replace(/'/g, "");
      if (Object.hasOwn(synonyms, key)) {
        out.push(...synonyms[key].split(" "));
        at += length;
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push(list[at++]);
  }
  return out;
}

// Edits between two words (insert, delete, replace, swap two neighbours), giving up past
// ``limit``.
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2] + 1);
      }
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

// One typo forgiven from 4 letters, two from 8 (as directory searches do), counted on the
// longer of the typed word and the word it may be: "Tamack" can be "Tamarack".
function allowed(length) {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

// The words with each unknown word replaced by its nearest word of the vocabulary (names,
// places, types, titles), or null when every word is known or none has a near word.
// ``typing``: the last word may be the start of a longer one.
export async function corrected(list, words, root, typing) {
  const synonyms = words?.synonyms || {};
  let changed = false;
  const out = await Promise.all(
    list.map(async (word, index) => {
      const limit = allowed(word.length + 2); // the most any word could allow
      const letter = word[0];
      if (word.length < 4 || !/^[a-z]$/.test(letter) || Object.hasOwn(synonyms, word)) return word;
      const vocabulary = await fetchJson(new URL(`search/vocabulary-${letter}.json`, root).href);
      if (!vocabulary || vocabulary.includes(word) || vocabulary.includes(word.replace(/'/g, ""))) {
        return word;
      }
      if (typing && index === list.length - 1 && vocabulary.some((v) => v.startsWith(word))) {
        return word;
      }
      let best = null;
      let bestDistance = limit + 1;
      for (const candidate of vocabulary) {
        const d = distance(word, candidate, Math.min(limit, bestDistance));
        if (d < bestDistance && d <= allowed(Math.max(word.length, candidate.length))) {
          best = candidate;
          bestDistance = d;
        }
      }
      if (best === null) return word;
      changed = true;
      return best;
    }),
  );
  return changed ? out : null;
}
