// The search page: runs the query in ?q= against the site's Pagefind index.
// Pagefind is loaded only here, from the site itself, once there is something to search.

const script = document.querySelector("script[data-pagefind]");
const input = document.querySelector("[data-search-form] input[name=q]");
const status = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const SHOWN = 30;

const pagefindUrl = new URL(script.dataset.pagefind, document.baseURI);
let pagefind;

async function loadPagefind() {
  if (!pagefind) {
    pagefind = await import(pagefindUrl.href);
    // Result URLs relative to where the site is served, even under a sub-path.
    await pagefind.options({ baseUrl: new URL("..", pagefindUrl).pathname });
  }
  return pagefind;
}

// Pagefind's excerpt is HTML with <mark> around the matches: keep those, as text only.
function excerpt(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const paragraph = document.createElement("p");
  paragraph.className = "card-summary";
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  heading.className = "card-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  item.append(heading, excerpt(data.excerpt));
  return item;
}

async function run(query) {
  if (!query.trim()) return;
  status.textContent = "Searching…";
  const { search } = await loadPagefind();
  const response = await search(query);
  const count = response.results.length;
  const results = await Promise.all(response.results.slice(0, SHOWN).map((r) => r.data()));
  list.replaceChildren(...results.map(resultItem));
  const shown = count > SHOWN ? ` (showing the first ${SHOWN})` : "";
  status.textContent = `${count} result${count === 1 ? "" : "s"} for “${query}”${shown}`;
}

const query = new URLSearchParams(location.search).get("q") || "";
input.value = query;
run(query);
