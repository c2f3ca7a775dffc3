// The web editor's previews (/admin/, plugins/healthnet/editor.py): an entry roughly as the
// site shows it, in the site's own stylesheet. Values are rendered by React as text, and
// Markdown through Decap's sanitized preview: nothing typed in a form becomes markup.
(() => {
  const { CMS, h } = window;
  if (!CMS || !h) return;
  const script = document.currentScript;
  CMS.registerPreviewStyle(new URL(script.dataset.siteCss, document.baseURI).href);

  const value = (entry, name) => entry.getIn(["data", name]) || "";

  function MemberPreview({ entry, widgetFor }) {
    return h("main", { className: "wrap" },
      h("article", { className: "profile" },
        h("header", { className: "profile-header" },
          value(entry, "logo") ? h("div", { className: "profile-logo" }, widgetFor("logo")) : null,
          h("div", {},
            h("h1", {}, value(entry, "name")),
            h("p", { className: "profile-summary" }, value(entry, "summary")))),
        h("div", { className: "prose" }, widgetFor("description"))));
  }

  function ItemPreview({ entry, widgetFor }) {
    return h("main", { className: "wrap" },
      h("article", {},
        h("header", {},
          h("h1", {}, value(entry, "title")),
          h("p", { className: "lead" }, value(entry, "summary"))),
        h("div", { className: "prose" }, widgetFor("body"))));
  }

  CMS.registerPreviewTemplate("members", MemberPreview);
  for (const name of ["resources", "paths", "events", "news"]) {
    CMS.registerPreviewTemplate(name, ItemPreview);
  }
})();
