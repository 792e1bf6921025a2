/**
 * The HTML sanitiser of the walkthrough's report: every page, fragment and SVG file the report writes goes
 * through an allow-list (npm `sanitize-html`, pinned in deno.json), so nothing a notebook holds (its title,
 * Markdown cells, HTML or SVG outputs, metadata, summary) can run script in a reader's browser.
 *
 * What is kept: the tags of text, tables, images, figures and nbconvert's layout; KaTeX's output (its spans
 * with inline sizes, MathML for screen readers, and the small SVGs it draws for radicals and arrows); SVG
 * figures (Observable Plot's marks, text and class-scoped `<style>`). Attributes: `class`, `id`, `title`,
 * `aria-*`, `data-*` and each tag's own presentation attributes; never an event handler (`on*`). URLs:
 * `http:`, `https:`, `mailto:` and relative ones; `data:` only for images of type png, jpeg, gif, webp or
 * svg+xml (an image cannot run script). Inline styles: only the listed properties, and no value holding
 * `url(`, `expression(`, `javascript:` or `@import`; the same words are removed from `<style>` text.
 *
 * @module
 */
import sanitize from "sanitize-html";

const TEXT_TAGS = [
  "a",
  "abbr",
  "article",
  "aside",
  "b",
  "bdi",
  "bdo",
  "blockquote",
  "br",
  "caption",
  "cite",
  "code",
  "col",
  "colgroup",
  "dd",
  "del",
  "details",
  "dfn",
  "div",
  "dl",
  "dt",
  "em",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "li",
  "main",
  "mark",
  "nav",
  "ol",
  "p",
  "pre",
  "q",
  "s",
  "samp",
  "section",
  "small",
  "span",
  "strong",
  "sub",
  "summary",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "time",
  "tr",
  "u",
  "ul",
  "var",
  "wbr",
];
// MathML, as KaTeX writes it (for screen readers, beside its HTML rendering).
const MATHML_TAGS = [
  "math",
  "semantics",
  "annotation",
  "mrow",
  "mi",
  "mn",
  "mo",
  "ms",
  "mtext",
  "mspace",
  "msqrt",
  "mroot",
  "msup",
  "msub",
  "msubsup",
  "mfrac",
  "mover",
  "munder",
  "munderover",
  "mtable",
  "mtr",
  "mtd",
  "mstyle",
  "mpadded",
  "mphantom",
  "menclose",
  "merror",
  "mglyph",
  "mlabeledtr",
];
const SVG_TAGS = [
  "svg",
  "g",
  "path",
  "line",
  "polyline",
  "polygon",
  "rect",
  "circle",
  "ellipse",
  "text",
  "tspan",
  "title",
  "desc",
  "defs",
  "clipPath",
  "mask",
  "marker",
  "pattern",
  "symbol",
  "use",
  "linearGradient",
  "radialGradient",
  "stop",
  "style",
];
const SVG_ATTRIBUTES = [
  "xmlns",
  "xmlns:xlink",
  "version",
  "width",
  "height",
  "x",
  "y",
  "x1",
  "x2",
  "y1",
  "y2",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "dx",
  "dy",
  "d",
  "points",
  "transform",
  "viewBox",
  "preserveAspectRatio",
  "fill",
  "fill-opacity",
  "fill-rule",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "stroke-linecap",
  "stroke-linejoin",
  "stroke-dasharray",
  "stroke-dashoffset",
  "stroke-miterlimit",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "font-variant",
  "text-anchor",
  "dominant-baseline",
  "alignment-baseline",
  "paint-order",
  "clip-path",
  "clip-rule",
  "mask",
  "marker-start",
  "marker-mid",
  "marker-end",
  "markerWidth",
  "markerHeight",
  "markerUnits",
  "refX",
  "refY",
  "orient",
  "offset",
  "stop-color",
  "stop-opacity",
  "gradientUnits",
  "gradientTransform",
  "patternUnits",
  "patternTransform",
  "clipPathUnits",
  "href",
  "xlink:href",
  "vector-effect",
  "shape-rendering",
  "text-rendering",
  "letter-spacing",
  "direction",
  "writing-mode",
  "color",
  "display",
  "visibility",
  "style",
  "type",
  "media",
];
const MATHML_ATTRIBUTES = [
  "xmlns",
  "display",
  "encoding",
  "mathvariant",
  "mathcolor",
  "mathbackground",
  "mathsize",
  "stretchy",
  "symmetric",
  "fence",
  "separator",
  "lspace",
  "rspace",
  "minsize",
  "maxsize",
  "largeop",
  "movablelimits",
  "accent",
  "accentunder",
  "scriptlevel",
  "displaystyle",
  "rowspacing",
  "columnspacing",
  "columnalign",
  "rowalign",
  "columnlines",
  "rowlines",
  "frame",
  "framespacing",
  "width",
  "height",
  "depth",
  "voffset",
  "notation",
  "linethickness",
  "bevelled",
  "form",
  "href",
];
const GLOBAL_ATTRIBUTES = ["class", "id", "title", "lang", "dir", "role", "aria-*", "data-*", "style"];

// Inline CSS: the properties nbconvert, KaTeX, Plot and the report use; values without any way to load
// or run something.
const SAFE_VALUE = [/^(?![\s\S]*(?:url\s*\(|expression\s*\(|javascript:|vbscript:|@import|\\))[\s\S]*$/i];
const STYLE_PROPERTIES = [
  "align-items",
  "background",
  "background-color",
  "border",
  "border-bottom",
  "border-bottom-width",
  "border-collapse",
  "border-color",
  "border-left",
  "border-radius",
  "border-right",
  "border-style",
  "border-top",
  "border-top-width",
  "border-width",
  "bottom",
  "box-sizing",
  "color",
  "display",
  "fill",
  "flex",
  "font",
  "font-family",
  "font-size",
  "font-style",
  "font-variant",
  "font-variant-numeric",
  "font-weight",
  "gap",
  "height",
  "left",
  "letter-spacing",
  "line-height",
  "margin",
  "margin-bottom",
  "margin-left",
  "margin-right",
  "margin-top",
  "max-height",
  "max-width",
  "min-height",
  "min-width",
  "opacity",
  "overflow",
  "overflow-x",
  "overflow-y",
  "padding",
  "padding-bottom",
  "padding-left",
  "padding-right",
  "padding-top",
  "position",
  "right",
  "stroke",
  "stroke-width",
  "text-align",
  "text-decoration",
  "top",
  "transform",
  "vertical-align",
  "white-space",
  "width",
  "word-break",
  "-webkit-print-color-adjust",
];
const ALLOWED_STYLES = {
  "*": Object.fromEntries(STYLE_PROPERTIES.map((p) => [p, SAFE_VALUE])),
};

/** Removes what could load or run something (`url(`, `@import`, `expression(`...) from CSS text. */
export function safeCss(css: string): string {
  return css.replace(
    /url\s*\(|expression\s*\(|javascript:|vbscript:|@import|behavior\s*:|-moz-binding/gi,
    "/**/",
  );
}

const IMAGE_DATA = /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i;

/** Whether a URL is one the report may link to or load: http(s), mailto, a relative URL or a fragment. */
export function isSafeUrl(url: string, { image = false }: { image?: boolean } = {}): boolean {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"): remove them first.
  // deno-lint-ignore no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
  if (scheme === undefined) return !/^\/\//.test(compact) && !/^&#|^%/.test(compact);
  if (scheme === "http" || scheme === "https" || scheme === "mailto") return true;
  return image && scheme === "data" && IMAGE_DATA.test(compact);
}

/**
 * The allow-list. In an HTML page, SVG's camel-case names (`viewBox`, `clipPath`) are allowed as written
 * and in lower case (the parser keeps case inside `<svg>`, and a browser restores it in any case); in a
 * standalone SVG file (XML) case is kept.
 */
function options(svgFile: boolean): sanitize.IOptions {
  const names = (list: readonly string[]) =>
    svgFile ? [...list] : [...new Set(list.flatMap((n) => [n, n.toLowerCase()]))];
  const svgTags = names(SVG_TAGS), mathTags = names(MATHML_TAGS);
  const attributeList = (tag: string) =>
    names(svgTags.includes(tag) ? SVG_ATTRIBUTES : mathTags.includes(tag) ? MATHML_ATTRIBUTES : []);
  const tags = [...(svgFile ? [] : [...TEXT_TAGS, ...mathTags]), ...svgTags];
  return {
    allowedTags: tags,
    allowedAttributes: {
      "*": GLOBAL_ATTRIBUTES,
      a: ["href", "name", "target", "rel"],
      img: ["src", "alt", "width", "height", "loading"],
      td: ["colspan", "rowspan", "align", "valign"],
      th: ["colspan", "rowspan", "align", "valign", "scope"],
      col: ["span", "width"],
      colgroup: ["span", "width"],
      ol: ["start", "type", "reversed"],
      time: ["datetime"],
      details: ["open"],
      meta: ["charset", "name", "content"],
      link: ["rel", "href", "type"],
      ...Object.fromEntries([...svgTags, ...mathTags].map((t) => [t, attributeList(t)])),
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "xlink:href", "cite"],
    allowProtocolRelative: false,
    allowedStyles: ALLOWED_STYLES,
    allowVulnerableTags: true, // <style> (Plot's class-scoped CSS): its text then goes through safeCss
    parser: { lowerCaseTags: !svgFile, lowerCaseAttributeNames: !svgFile },
    disallowedTagsMode: "discard",
    nonTextTags: ["script", "noscript", "iframe", "object", "embed", "textarea", "option", "template", "xmp"],
    transformTags: {
      // <use> may only point inside the document; an image's data: URL must be an image type.
      use: (tagName, attribs) => {
        const { href, "xlink:href": xlink, ...rest } = attribs;
        const keep = [href, xlink].find((h) => h !== undefined && h.startsWith("#"));
        return { tagName, attribs: keep ? { ...rest, href: keep } : rest };
      },
      img: (tagName, attribs) => {
        const { src, ...rest } = attribs;
        return { tagName, attribs: src !== undefined && isSafeUrl(src, { image: true }) ? attribs : rest };
      },
      a: (tagName, attribs) => {
        const { href, ...rest } = attribs;
        return { tagName, attribs: href !== undefined && isSafeUrl(href) ? attribs : rest };
      },
    },
  };
}

/**
 * Sanitises an HTML fragment for the report: text, tables, images, links with safe URLs, KaTeX output
 * (HTML and MathML) and inline SVG figures; everything else (scripts, event handlers, `javascript:` and
 * `data:` links, iframes, forms, embedded objects) is removed.
 */
export function sanitizeHtml(html: string): string {
  return safeStyleElements(sanitize(html, options(false)));
}

/** Applies {@linkcode safeCss} to the text of every `<style>` element of sanitised markup. */
function safeStyleElements(markup: string): string {
  return markup.replace(
    /(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi,
    (_, open, css, close) => open + safeCss(css) + close,
  );
}

/**
 * Sanitises a standalone SVG document (a figure the report writes as a file): SVG shapes, text, gradients,
 * clip paths and `<style>` stay; scripts, event handlers, `<foreignObject>`, external `<use>` and links go.
 */
export function sanitizeSvg(svg: string): string {
  const clean = safeStyleElements(sanitize(svg.replace(/^\s*<\?xml[^>]*>\s*/, ""), options(true)));
  return /^<svg[^>]*xmlns=/.test(clean)
    ? clean
    : clean.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
}
