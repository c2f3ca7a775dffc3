// The site's Pagefind index, loaded on first use from the site itself, and the searches
// a filter panel needs: the results, and a count for the values of the groups in view.
// Each filter group is a file of its own: a search loads those it filters on, and a group
// someone opens loads then (countsFor), so that a first search stays light.

let loading;

export function loadPagefind(url) {
  loading ??= import(url.href)
    .then(async (pagefind) => {
      // Result URLs relative to where the site is served, even under a sub-path; the
      // search runs on the page itself, which spares downloading Pagefind's worker.
      await pagefind.options({ baseUrl: siteRoot(url).pathname, noWorker: true });
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

const SORTS = { name: { name: "asc" }, date: { date: "desc" } };

// Loads the counts of more filter groups into the index, for the search in ``state``.
export async function countsFor(pagefind, state, groups) {
  const filters = Object.fromEntries(groups.map((group) => [group, { any: [] }]));
  await pagefind.preload(state.query || null, { filters });
}

export async function searchIndex(pagefind, state, scope) {
  const term = state.query || null;
  // Without words there is no best match: the name order is the next most useful.
  const sort = SORTS[state.sort] || (term ? undefined : SORTS.name);
  const main = pagefind.search(term, { filters: indexFilters(state.filters, scope), sort });
  // A group's counts leave its own checked values out, since they add to the result.
  const widened = [...state.filters.keys()].map(async (group) => {
    const response = await pagefind.search(term, {
      filters: indexFilters(state.filters, scope, group),
    });
    return [group, response.filters[group]];
  });
  const [response, ...groupCounts] = await Promise.all([main, ...widened]);
  return {
    results: response.results,
    counts: { ...response.filters, ...Object.fromEntries(groupCounts) },
  };
}
