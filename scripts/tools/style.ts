// The style sheet of the annotated pages
// ======================================
//
// Docco's classic look: prose on white at the left, code on a tinted background at the
// right, the two columns split by one background gradient so the code column runs on
// unbroken from section to section. Below 900 pixels the columns stack. A page made from
// Markdown (the syllabus, a derivation) is one column of the same prose.
//
// Nothing preformatted is cut off at the edge of its column, and nothing is shrunk to fit
// it either. An equation or a diagram in the prose keeps a readable size (12 pixels at
// least) and keeps its lines as written, since a formula broken in the middle reads worse
// than one you scroll: a block wider than its column scrolls sideways, and a shadow at
// its edge says there is more. A long line of code in the code column wraps instead: each
// line is a span (tokens.ts, `preformatted`) with a hanging indent, and `--i` is the line's
// own indentation, so the continuation starts four columns to the right of where the
// line's text starts.
//
// A link looks like a link wherever it is: blue, underlined under the pointer, ringed when
// the keyboard focuses it. That holds for a link set in code, such as the file names of the
// syllabus, which would otherwise pass for plain code. A function's anchor (literate.ts)
// lands below the sticky bar, and the line or section it names is marked.

/** The one style sheet all pages share. */
export const STYLE_CSS = `/* Annotated sources: prose on the left, code on the right (written by scripts/tools/style.ts). */
:root {
  --split: 46%;
  --ink: #26272b;
  --muted: #6b6f78;
  --paper: #ffffff;
  --code-paper: #f6f6fb;
  --rule: #e3e3ec;
  --link: #1f5fae;
  --link-paper: #eef3fb;
  --link-rule: #b9cbe6;
  --mark: #fff4c2;
  --serif: "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "DejaVu Serif", serif;
  --sans: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  --mono: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { background: var(--paper); }
body {
  margin: 0;
  color: var(--ink);
  font: 16px/1.6 var(--serif);
  background: linear-gradient(to right, var(--paper) var(--split), var(--rule) var(--split),
    var(--rule) calc(var(--split) + 1px), var(--code-paper) calc(var(--split) + 1px));
}
body.document { background: var(--paper); }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
a:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; border-radius: 2px; }
/* Anchors land below the sticky bar; the line or section they name is marked. */
[id] { scroll-margin-top: 52px; }
.line:target { background: var(--mark); }
section > .prose:target { box-shadow: inset 3px 0 0 var(--link); }

/* The bar at the top: the contents, the syllabus, the file, its neighbours. */
.bar {
  position: sticky; top: 0; z-index: 1;
  display: flex; align-items: baseline; gap: 1.5em;
  padding: 9px 24px 9px 44px;
  background: rgba(255, 255, 255, 0.97);
  border-bottom: 1px solid var(--rule);
  font: 14px/1.4 var(--sans);
}
.bar .contents { font-weight: 600; }
.bar .file { font: 13px var(--mono); color: var(--muted); }
.bar nav { margin-left: auto; display: flex; gap: 1.5em; font-family: var(--mono); font-size: 13px; }

/* A section: prose and code side by side, their first lines level. */
section { display: flex; position: relative; }
section > .prose { flex: 0 0 var(--split); max-width: var(--split); min-width: 0; padding: 12px 28px 4px 44px; }
section > .code { flex: 1 1 0; min-width: 0; padding: 12px 20px 12px 28px; }
.pilcrow { position: absolute; left: 20px; top: 13px; color: var(--muted); opacity: 0; font-size: 14px; }
section:hover .pilcrow { opacity: 0.7; }

/* A page of Markdown: one column. */
article.prose { max-width: 920px; padding: 24px 44px 32px; }

/* Prose */
.prose h1 { font-size: 31px; line-height: 1.2; font-weight: normal; margin: 10px 0 18px; }
.prose h2 { font-size: 22px; line-height: 1.3; font-weight: normal; margin: 22px 0 10px; }
.prose h3 { font-size: 18px; line-height: 1.3; font-weight: normal; font-style: italic; margin: 18px 0 8px; }
.prose h1:first-child, .prose h2:first-child { margin-top: 4px; }
.prose p, .prose ul, .prose ol { margin: 0 0 12px; }
.prose ul, .prose ol { padding-left: 1.5em; }
.prose li { margin-bottom: 4px; }
.prose p.chain { font: 14px/1.5 var(--sans); color: var(--muted); }
.prose code { font: 0.84em var(--mono); background: var(--code-paper); border: 1px solid var(--rule); border-radius: 3px; padding: 0 3px; }
/* Code in a link is a link: the link's colour on a blue chip, underlined (fully under the pointer). */
.prose a code {
  color: var(--link); background: var(--link-paper); border-color: var(--link-rule);
  text-decoration: underline; text-decoration-color: var(--link-rule); text-underline-offset: 2px;
}
.prose a:hover code { border-color: var(--link); text-decoration-color: currentColor; }
/* "See it live": under the title, a link to the browser page's view of this file. */
.prose p.live { margin: -6px 0 16px; font: 14px/1.45 var(--sans); }
.prose p.live a { display: inline-block; padding: 6px 12px; border: 1px solid var(--link-rule); border-radius: 6px; background: var(--link-paper); }
.prose p.live a::before { content: "▶"; margin-right: 0.5em; font-size: 0.8em; }
.prose p.live a:hover { border-color: var(--link); }
.prose p.live code { background: none; border: none; padding: 0; }
.prose hr { border: none; border-top: 1px solid var(--rule); margin: 24px 0; }
.prose img { max-width: 100%; }
.prose table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; margin: 0 0 14px; font: 14px/1.45 var(--sans); }
.prose th, .prose td { padding: 4px 12px 4px 0; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
.prose th { font-weight: 600; border-bottom-color: var(--muted); }

/* Preformatted prose: equations, diagrams, examples. Never smaller than 12px, never
   wrapped: a block wider than its column scrolls sideways, and the shadows at its edges
   (drawn by the background, which scrolls with the text) show that there is more. */
.prose pre {
  font: 12.5px/1.55 var(--mono);
  white-space: pre; overflow-wrap: normal; overflow-x: auto;
  border: 1px solid var(--rule); border-radius: 4px;
  padding: 8px 10px; margin: 0 0 14px;
  background:
    linear-gradient(to right, var(--code-paper) 30%, rgba(246, 246, 251, 0)) left / 28px 100% no-repeat local,
    linear-gradient(to left, var(--code-paper) 30%, rgba(246, 246, 251, 0)) right / 28px 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(38, 39, 43, 0.2), rgba(38, 39, 43, 0)) left / 10px 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(38, 39, 43, 0.2), rgba(38, 39, 43, 0)) right / 10px 100% no-repeat scroll,
    var(--code-paper);
}
/* Beside code, a block borrows the column's side margins, so that its text lines up with the prose. */
section > .prose pre { margin: 0 -22px 14px -11px; font-size: 12px; }
.prose pre code { font: inherit; background: none; border: none; padding: 0; }
.prose pre .line { display: block; }
.prose pre.example::before {
  content: "Example"; display: block; margin-bottom: 2px;
  font: 600 10px/1.6 var(--sans); letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted);
}
ol.pages li code, ul.pages li code { border: none; background: none; padding: 0; text-decoration: none; }

/* Code. A long line wraps, with a hanging indent. */
.code pre { margin: 0; padding: 1px 0; font: 12.5px/1.55 var(--mono); tab-size: 2; white-space: pre-wrap; overflow-wrap: anywhere; }
.code pre .line { display: block; padding-left: calc(var(--i, 0) * 1ch + 4ch); text-indent: calc(var(--i, 0) * -1ch - 4ch); }
.code a { color: inherit; text-decoration: underline dotted; }
.k { color: #954121; font-weight: 600; }
.d { color: #1d3f8f; font-weight: 600; }
.t { color: #0c7075; }
.s { color: #2a7a3a; }
.r { color: #b34d00; }
.n { color: #1b4fc4; }
.c { color: #7d8089; font-style: italic; }
.cb { color: #74787f; }

/* The footer: where to go next. */
.pager {
  display: flex; justify-content: space-between; gap: 2em;
  padding: 22px 44px 40px; background: var(--paper); border-top: 1px solid var(--rule);
  font: 15px/1.5 var(--sans);
}
.pager a[rel="next"] { text-align: right; margin-left: auto; }
.pager small { display: block; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; }
.pager code { font: 13px var(--mono); color: var(--muted); }

/* Narrow windows: prose above code. */
@media (max-width: 900px) {
  body { background: var(--paper); }
  section { display: block; }
  section > .prose { max-width: none; padding: 8px 20px 0; }
  section > .prose pre { margin: 0 -8px 14px; }
  section > .code { padding: 0 20px 12px; }
  article.prose { padding: 16px 20px 24px; }
  .code pre { background: var(--code-paper); border: 1px solid var(--rule); border-radius: 4px; padding: 8px 12px; }
  .pilcrow { display: none; }
  /* The bar wraps to two or three lines here, too much to keep on screen. */
  .bar { position: static; padding: 9px 20px; flex-wrap: wrap; }
  [id] { scroll-margin-top: 8px; }
  .bar nav { margin-left: 0; flex-wrap: wrap; gap: 2px 1.5em; min-width: 0; }
  .bar a, .bar .file { overflow-wrap: anywhere; min-width: 0; }
  .pager { padding: 20px; flex-direction: column; gap: 14px; }
  .pager a { overflow-wrap: anywhere; }
}
`
