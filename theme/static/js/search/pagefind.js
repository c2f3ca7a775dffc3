// The site's Pagefind index, loaded on first use from the site itself, and the searches
// a filter panel needs: the results, and a count for the values of the groups in view.
// Each filter group is a file of its own: a search loads those it filters on, and the
// counts of a group in view load once results show (countsFor), so that a first search
// stays light.

let loading;

// Pagefind 1.5 searches every metadata field, the fields a card shows among them: a
// logo's path, initials ("MN"), badge keys must not make a page a match worth showing.
// Titles and the hidden synonyms ("words") keep Pagefind's weights: on the quality test
// set (tests/test_search_quality.py) no other title, synonym, page length, similarity or
// saturation setting tried changed a single top-1 or top-5 answer; what did was putting
// a name equal to the words first (bestFirst).
export const RANKING = {
  metaWeights: {
    kind: 0,
    image: 0,
    initials: 0,
    tier: 0,
    tierkey: 0,
    badge: 0,
    badgekey: 0,
    time: 0,
  },
};

let bundle; // where pagefind.js is: the sort orders are beside it

// The word every indexed page holds (search.py, EVERY_PAGE): a search by filters alone
// asks for it, since Pagefind 1.5.2 loads its whole word index for a search without words.
export const EVERY_PAGE = "zzzevery";

export function loadPagefind(url) {
  bundle = url;
  loading ??= import(url.href)
    .then(async (pagefind) => {
      // Result URLs relative to where the site is served, even under a sub-path. The
      // search runs in Pagefind's worker (12 kB more to download): on the page itself, its
      // WebAssembly held the main thread for 100 to 500 ms while someone typed.
      await pagefind.options({
        baseUrl: siteRoot(url).pathname,
        noWorker: false,
        ranking: RANKING,
      });
      // Its WebAssembly and page table start loading now (a focus preloads them).
      pagefind.init();
      return pagefind;
    })
    .catch((error) => {
      loading = undefined; // a later search tries again
      throw error;
    });
  return loading;
}

// pagefind.js sits in <site>/pagefind/.
export function siteRoot(pagefindUrl) {
  return new URL("..", pagefindUrl);
}

// Pagefind's filter object: values of one group widen the result (any), groups narrow it.
function indexFilters(filters, scope, leaveOut) {
  const result = scope ? { kind: scope } : {};
  for (const [group, values] of filters) {
    if (group !== leaveOut) result[group] = { any: values };
  }
  return result;
}

// The sort orders are the build's (indexing.py: order-name.json, order-date.json), not
// Pagefind's, which would weigh on every search: each loads when a list is first sorted.
const orders = new Map();

function order(sort) {
  if (!orders.has(sort)) {
    const url = new URL(`order-${sort}.json`, bundle);
    const rank = fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        return response.json();
      })
      .then((ids) => new Map(ids.map((id, index) => [id, index])));
    rank.catch(() => orders.delete(sort)); // a later search tries again
    orders.set(sort, rank);
  }
  return orders.get(sort);
}

async function sorted(results, sort) {
  if (!sort) return results;
  const rank = await order(sort);
  const last = rank.size;
  return results
    .map((result, index) => [rank.get(result.id) ?? last + index, result])
    .sort((a, b) => a[0] - b[0])
    .map(([, result]) => result);
}

// Loads the counts of more filter groups into the index, for the search in ``state``.
export async function countsFor(pagefind, state, groups) {
  const filters = Object.fromEntries(groups.map((group) => [group, { any: [] }]));
  await pagefind.preload(state.term || EVERY_PAGE, { filters });
}

// ``state.term``: the words as understood (words.js); ``state.filters``: the checked
// values and those the words named. While words are typed, a list's default order (the
// directory's by name) gives way to the best match.
export async function searchIndex(pagefind, state, scope, defaultSort) {
  const term = state.term || null;
  const bestMatch = term && (state.sort === defaultSort || state.sort === "relevance");
  // Without words there is no best match: the name order is the next most useful.
  let sort = ["name", "date"].includes(state.sort) ? state.sort : null;
  if (bestMatch) sort = null;
  else if (!sort && !term) sort = "name";
  const words = term ?? EVERY_PAGE;
  const main = pagefind.search(words, { filters: indexFilters(state.filters, scope) });
  // A group's counts leave its own checked values out, since they add to the result.
  const widened = [...state.filters.keys()].map(async (group) => {
    const response = await pagefind.search(words, {
      filters: indexFilters(state.filters, scope, group),
    });
    return [group, response.filters[group]];
  });
  const [response, ...groupCounts] = await Promise.all([main, ...widened]);
  return {
    results: await sorted(response.results, sort),
    counts: { ...response.filters, ...Object.fromEntries(groupCounts) },
    bestMatch,
  };
}

// A result's data loads once however often it is asked for.
function remembered(result) {
  if (!result.remembered) {
    const load = result.data;
    let data;
    result.data = () => (data ??= load());
    result.remembered = true;
  }
  return result;
}

// The first page of results reordered so that a name equal to the words comes first, then names
// holding every word, then the rest in Pagefind's order: Pagefind ranks by word scores
// alone, and "Mount Sinai Hospital" could come fourth for its own name. ``nameWords``
// splits a name as the words were (words.js).
export async function bestFirst(results, words, nameWords, count) {
  if (!words.length) return results;
  const top = results.slice(0, count).map(remembered);
  const data = await Promise.all(top.map((result) => result.data()));
  const wanted = words.join(" ");
  const tiers = data.map((item) => {
    const name = nameWords(item.meta.title || "");
    if (name.join(" ") === wanted) return 0;
    return words.every((word) => name.includes(word)) ? 1 : 2;
  });
  const order = top.map((_, index) => index).sort((a, b) => tiers[a] - tiers[b] || a - b);
  return [...order.map((index) => top[index]), ...results.slice(count)];
}
