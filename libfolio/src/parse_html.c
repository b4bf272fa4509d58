/*
 * parse_html.c — folio_doc_parse_html(): an HTML page as a folio document, through libxml2's HTML parser.
 *
 * The parser recovers from broken markup the way browsers do and is told never to touch the network.
 * Text is gathered by an iterative walk of the tree (no recursion, so a deeply nested page cannot
 * exhaust the stack): inline elements join their text ("fo<b>o</b>" is one word), block elements and
 * <br> separate lines, white space runs collapse to one space, and scripts, styles, templates and the
 * head's other contents are left out.
 *
 * The body is the page's main text, not what every page of a site repeats (corpus/README.md, "HTML"):
 *  1. the elements marked data-folio-body, exactly (the site says what its text is, as with Pagefind);
 *  2. else <main> and [role=main] elements; 3. else <article> elements; 4. else <body>;
 * a level whose elements hold no text gives way to the next. Left out everywhere: [data-folio-ignore],
 * [hidden], [aria-hidden=true], and cookie or consent banners (an id or class starting with "cookie" or
 * "consent"); at levels 2-4 also <nav>, <aside>, [role=navigation|banner|contentinfo|complementary|search]
 * and the page's own <header> and <footer> (those not inside an article, section or main).
 */
#include "folio.h"

#include "buf.h"
#include "doc.h"
#include "error.h"
#include "text.h"
#include "text_out.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#define PARSE_OPTIONS \
    (HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT)

/* libxml2's nesting limit without XML_PARSE_HUGE (xmlParserMaxDepth), named in the message. */
#define HTML_MAX_DEPTH 256

static pthread_once_t parser_ready = PTHREAD_ONCE_INIT;

/* libxml2 must be initialised once before threads use it. */
static void init_parser(void)
{
    xmlInitParser();
}

static int name_in(const xmlNode *node, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (strcasecmp((const char *)node->name, names[i]) == 0)
            return 1;
    return 0;
}

static int is_skipped(const xmlNode *node)
{
    static const char *const names[] = {"script", "style", "template", "noscript", "head", "svg", "math", NULL};
    return node->type == XML_ELEMENT_NODE && name_in(node, names);
}

static int is_block(const xmlNode *node)
{
    static const char *const names[] = {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "table", "td", "th", "tr", "ul", "title", "caption", "summary", "details", NULL};
    return node->type == XML_ELEMENT_NODE && name_in(node, names);
}

/* The next node of a depth-first walk of the subtree under `top`, entering children unless told not
 * to; block elements are separated on the way in and out. */
static const xmlNode *next_node(const xmlNode *node, const xmlNode *top, int enter, folio_text_out *t)
{
    if (enter && node->children)
        return node->children;
    while (node != top) {
        if (t && is_block(node))
            folio_text_out_separate(t, '\n');
        if (node->next)
            return node->next;
        node = node->parent;
    }
    return NULL;
}

/* Limits of what one page's markup may ask for. */
#define MAX_CONTENT_ROOTS 256      /* elements that make up the body (data-folio-body, main, article) */
#define MAX_META_ITEM_BYTES 256    /* one "key:value" item of data-folio-meta */
/* A description over a keyword value's limit is cut at a word boundary below it (doc.h). */
#define DESCRIPTION_MAX_BYTES 200

/* The first element with that name, anywhere in the document. */
static const xmlNode *find_element(const xmlNode *top, const char *name)
{
    for (const xmlNode *n = top; n; n = next_node(n, top, 1, NULL))
        if (n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

static int has_attr(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlHasProp(n, (const xmlChar *)name) != NULL;
}

/* Does the attribute equal `value` (any case)? */
static int attr_is(const xmlNode *n, const char *name, const char *value)
{
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int match = v && strcasecmp((const char *)v, value) == 0;
    xmlFree(v);
    return match;
}

/* Does one of the attribute's space-separated tokens equal one of `values` (any case)? */
static int attr_has_token(const xmlNode *n, const char *name, const char *const *values, int prefix)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int match = 0;
    for (const char *p = (const char *)v; p && *p && !match;) {
        p += strspn(p, " \t\r\n\f");
        size_t len = strcspn(p, " \t\r\n\f");
        for (size_t i = 0; values[i] && len && !match; i++) {
            size_t vl = strlen(values[i]);
            match = (prefix ? len >= vl : len == vl) && strncasecmp(p, values[i], vl) == 0;
        }
        p += len;
    }
    xmlFree(v);
    return match;
}

static int is_cookie_banner(const xmlNode *n)
{
    static const char *const marks[] = {"cookie", "consent", NULL};
    /* Never the page or its content itself: <article class="cookie-recipes"> is an article. */
    static const char *const content[] = {"html", "body", "main", "article", NULL};
    if (name_in(n, content) || attr_is(n, "role", "main"))
        return 0;
    return attr_has_token(n, "id", marks, 1) || attr_has_token(n, "class", marks, 1);
}

/* Is a <header> or <footer> the page's own, not one of an article or section? */
static int is_page_level(const xmlNode *n)
{
    static const char *const sectioning[] = {"article", "section", "main", "aside", "nav", NULL};
    for (const xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (name_in(a, sectioning) || attr_is(a, "role", "main"))
            return 0;
    return 1;
}

/* Left out of any text: hidden, ignored by the site's request, or a cookie banner. */
static int is_hidden(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && (has_attr(n, "hidden") || has_attr(n, "data-folio-ignore") ||
                                           attr_is(n, "aria-hidden", "true") || is_cookie_banner(n));
}

/* What a site repeats on every page: navigation, side bars, the page's header and footer. */
static int is_chrome(const xmlNode *n)
{
    static const char *const names[] = {"nav", "aside", NULL};
    static const char *const roles[] = {"navigation", "banner", "contentinfo", "complementary", "search", NULL};
    static const char *const ends[] = {"header", "footer", NULL};
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    return name_in(n, names) || attr_has_token(n, "role", roles, 0) || (name_in(n, ends) && is_page_level(n));
}

typedef enum { TEXT_ALL, TEXT_EXACT, TEXT_MAIN } text_mode;

static int leave_out(const xmlNode *n, text_mode mode)
{
    if (is_skipped(n))
        return 1;
    if (mode == TEXT_ALL)
        return 0;
    return is_hidden(n) || (mode == TEXT_MAIN && is_chrome(n));
}

static int is_heading(const xmlNode *n)
{
    static const char *const names[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
    return n->type == XML_ELEMENT_NODE && name_in(n, names);
}

static void gather_text(folio_text_out *t, const xmlNode *top, text_mode mode, folio_doc *sections);

/* What links to a heading: its id, else that of an <a id> or <a name> in it, else that of the section
 * or article it opens. NULL when none (xmlFree it). */
static xmlChar *heading_anchor(const xmlNode *h)
{
    xmlChar *id = xmlGetProp(h, (const xmlChar *)"id");
    for (const xmlNode *c = h->children; c && !id; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, "a") == 0 &&
            !(id = xmlGetProp(c, (const xmlChar *)"id")))
            id = xmlGetProp(c, (const xmlChar *)"name");
    const xmlNode *first = h->parent ? h->parent->children : NULL;
    while (first && first->type != XML_ELEMENT_NODE)
        first = first->next;
    if (!id && first == h && h->parent->type == XML_ELEMENT_NODE &&
        (strcasecmp((const char *)h->parent->name, "section") == 0 ||
         strcasecmp((const char *)h->parent->name, "article") == 0))
        id = xmlGetProp(h->parent, (const xmlChar *)"id");
    return id;
}

/* A heading starts a section: a section break before it, and the section noted in `doc`. */
static void start_section(folio_text_out *t, const xmlNode *h, folio_doc *doc)
{
    folio_text_out heading = FOLIO_TEXT_OUT_INIT;
    gather_text(&heading, h, TEXT_ALL, NULL);
    xmlChar *anchor = heading.buf.len ? heading_anchor(h) : NULL;
    folio_text_out_start_section(t, doc, (const char *)anchor, &heading);
    xmlFree(anchor);
    folio_buf_free(&heading.buf);
}

/* The text under `top`, without what `mode` leaves out; headings start sections of `sections` (if not
 * NULL). */
static void gather_text(folio_text_out *t, const xmlNode *top, text_mode mode, folio_doc *sections)
{
    for (const xmlNode *n = top->children; n;) {
        int skipped = leave_out(n, mode);
        if (!skipped && sections && is_heading(n))
            start_section(t, n, sections);
        if (!skipped && is_block(n))
            folio_text_out_separate(t, '\n');
        if (!skipped && (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            folio_text_out_add(t, (const char *)n->content);
        n = next_node(n, top, !skipped, t);
    }
}

/* The page's content roots at one level (see the top of the file): elements matching `is_root`, not
 * inside one another, nor inside what `mode` leaves out. */
typedef int (*root_test)(const xmlNode *n);

static size_t find_roots(const xmlNode **roots, const xmlNode *top, root_test is_root, text_mode mode)
{
    size_t n = 0;
    for (const xmlNode *x = top; x && n < MAX_CONTENT_ROOTS;) {
        int found = x != top && x->type == XML_ELEMENT_NODE && is_root(x);
        int skipped = x != top && leave_out(x, mode);
        if (found && !skipped)
            roots[n++] = x;
        x = next_node(x, top, !found && !skipped, NULL);
    }
    return n;
}

static int is_marked_body(const xmlNode *n)
{
    return has_attr(n, "data-folio-body");
}

static int is_main(const xmlNode *n)
{
    return strcasecmp((const char *)n->name, "main") == 0 || attr_is(n, "role", "main");
}

static int is_article(const xmlNode *n)
{
    return strcasecmp((const char *)n->name, "article") == 0;
}

/* The body: the text of the first level of content roots that holds any. *used_roots gets the roots
 * it came from (for the <time> of the content), *nused their number. */
static void gather_body(folio_text_out *t, folio_doc *doc, const xmlNode *root, const xmlNode **used, size_t *nused)
{
    static const struct {
        root_test test;
        text_mode mode;
    } levels[] = {{is_marked_body, TEXT_EXACT}, {is_main, TEXT_MAIN}, {is_article, TEXT_MAIN}};
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        size_t n = find_roots(used, root, levels[l].test, TEXT_EXACT);
        for (size_t i = 0; i < n; i++) {
            folio_text_out_separate(t, '\n');
            gather_text(t, used[i], levels[l].mode, doc);
        }
        if (t->buf.len || t->buf.oom) {
            *nused = n;
            return;
        }
    }
    const xmlNode *body = find_element(root, "body");
    used[0] = body ? body : root;
    *nused = 1;
    gather_text(t, used[0], TEXT_MAIN, doc);
}

/* <meta name="NAME" content="..."> (or property= for Open Graph names, http-equiv= for headers). */
static xmlChar *find_meta(const xmlNode *top, const char *name)
{
    for (const xmlNode *n = top; n; n = next_node(n, top, 1, NULL)) {
        if (n->type != XML_ELEMENT_NODE || strcasecmp((const char *)n->name, "meta") != 0)
            continue;
        xmlChar *key = xmlGetProp(n, (const xmlChar *)"name");
        if (!key)
            key = xmlGetProp(n, (const xmlChar *)"property");
        if (!key)
            key = xmlGetProp(n, (const xmlChar *)"http-equiv");
        int match = key && strcasecmp((const char *)key, name) == 0;
        xmlFree(key);
        if (match)
            return xmlGetProp(n, (const xmlChar *)"content");
    }
    return NULL;
}

/* The href of the first <link rel="canonical">. */
static xmlChar *find_canonical(const xmlNode *top)
{
    static const char *const canonical[] = {"canonical", NULL};
    for (const xmlNode *n = top; n; n = next_node(n, top, 1, NULL))
        if (n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, "link") == 0 &&
            attr_has_token(n, "rel", canonical, 0))
            return xmlGetProp(n, (const xmlChar *)"href");
    return NULL;
}

/* The datetime of the first <time datetime> among the content roots. */
static xmlChar *find_time(const xmlNode *const *roots, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (const xmlNode *x = roots[i]; x; x = next_node(x, roots[i], 1, NULL))
            if (x->type == XML_ELEMENT_NODE && strcasecmp((const char *)x->name, "time") == 0 &&
                has_attr(x, "datetime"))
                return xmlGetProp(x, (const xmlChar *)"datetime");
    return NULL;
}

/* Appends an attribute's value to t with its white space collapsed, and frees it. */
static int collapse_value(folio_text_out *t, xmlChar *value)
{
    folio_text_out_add(t, (const char *)value);
    xmlFree(value);
    return folio_buf_check(&t->buf);
}

/* Sets an optional field from a value with white space collapsed: a value folio refuses (a date it
 * cannot read, a keyword too long) is left out, not an error. Takes `value` (may be NULL). */
static int set_optional(folio_doc *doc, const char *field, xmlChar *value, int replace)
{
    if (!value)
        return 0;
    folio_text_out t = FOLIO_TEXT_OUT_INIT;
    int rc = collapse_value(&t, value);
    if (rc >= 0 && t.buf.len && (replace || !folio_doc_get(doc, field)))
        rc = folio_doc_add_keyword_lenient(doc, field, t.buf.data, t.buf.len);
    folio_buf_free(&t.buf);
    return rc;
}

/* Sets a field from an element's text; nothing when it has none. */
static int set_from_element(folio_doc *doc, const char *field, const xmlNode *el)
{
    if (!el)
        return 0;
    folio_text_out t = FOLIO_TEXT_OUT_INIT;
    gather_text(&t, el, TEXT_ALL, NULL);
    int rc = folio_buf_check(&t.buf);
    if (rc >= 0 && t.buf.len)
        rc = folio_doc_add_keyword_lenient(doc, field, t.buf.data, t.buf.len);
    folio_buf_free(&t.buf);
    return rc;
}

static int set_from_meta(folio_doc *doc, const char *field, const xmlNode *root, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        xmlChar *value = find_meta(root, names[i]);
        if (value)
            return set_optional(doc, field, value, 1);
    }
    return 0;
}

/* The description, cut at a word boundary to fit a keyword value. */
static int set_description(folio_doc *doc, const xmlNode *root)
{
    xmlChar *value = find_meta(root, "description");
    if (!value)
        value = find_meta(root, "og:description");
    if (!value)
        return 0;
    folio_text_out t = FOLIO_TEXT_OUT_INIT;
    int rc = collapse_value(&t, value);
    size_t len = t.buf.len;
    if (len > DESCRIPTION_MAX_BYTES) {
        len = DESCRIPTION_MAX_BYTES;
        while (len && t.buf.data[len] != ' ')
            len--;
    }
    if (rc >= 0)
        rc = folio_doc_add_keyword_lenient(doc, "description", t.buf.data, len);
    folio_buf_free(&t.buf);
    return rc;
}

/* One item of data-folio-meta: "key:value" (a fixed value), "key[attr]" (the element's attribute) or
 * "key" (the element's text). The body and the id cannot be set this way. */
static int apply_meta_item(folio_doc *doc, const xmlNode *el, const char *item, size_t len)
{
    while (len && (*item == ' ' || *item == '\t' || *item == '\n'))
        item++, len--;
    while (len && (item[len - 1] == ' ' || item[len - 1] == '\t' || item[len - 1] == '\n'))
        len--;
    char key[MAX_META_ITEM_BYTES];
    if (!len || len >= sizeof key)
        return 0;
    memcpy(key, item, len);
    key[len] = '\0';
    char *colon = strchr(key, ':'), *bracket = strchr(key, '[');
    xmlChar *value = NULL;
    if (colon && (!bracket || colon < bracket)) {
        *colon = '\0';
        value = xmlStrdup((const xmlChar *)colon + 1);
    } else if (bracket && key[len - 1] == ']') {
        *bracket = '\0';
        key[len - 1] = '\0';
        value = xmlGetProp(el, (const xmlChar *)bracket + 1);
    } else {
        folio_text_out t = FOLIO_TEXT_OUT_INIT;
        gather_text(&t, el, TEXT_EXACT, NULL);
        if (folio_buf_check(&t.buf) < 0)
            return FOLIO_ENOMEM;
        value = xmlStrdup((const xmlChar *)(t.buf.data ? t.buf.data : ""));
        folio_buf_free(&t.buf);
    }
    if (strcmp(key, "body") == 0 || strcmp(key, "id") == 0) {
        xmlFree(value);
        return 0;
    }
    return set_optional(doc, key, value, 1);
}

/* Every data-folio-meta of the page, in document order (a later one wins for a known field). */
static int apply_folio_meta(folio_doc *doc, const xmlNode *root)
{
    int rc = 0;
    for (const xmlNode *n = root; n && rc >= 0; n = next_node(n, root, 1, NULL)) {
        if (!has_attr(n, "data-folio-meta"))
            continue;
        xmlChar *spec = xmlGetProp(n, (const xmlChar *)"data-folio-meta");
        for (const char *p = (const char *)spec; p && rc >= 0;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            rc = apply_meta_item(doc, n, p, len);
            p = comma ? comma + 1 : NULL;
        }
        xmlFree(spec);
    }
    return rc;
}

static int fill_doc(folio_doc *doc, const xmlNode *root)
{
    static const char *const author[] = {"author", "article:author", NULL};
    static const char *const date[] = {"date", "article:published_time", "dcterms.date", NULL};
    const xmlNode *title = find_element(root, "title");
    if (!title || !title->children)
        title = find_element(root, "h1");
    int rc = set_from_element(doc, "title", title);
    if (rc >= 0)
        rc = set_from_meta(doc, "author", root, author);
    if (rc >= 0)
        rc = set_from_meta(doc, "date", root, date);
    if (rc >= 0)
        rc = set_description(doc, root);
    if (rc >= 0)
        rc = set_optional(doc, "url", find_canonical(root), 1);
    if (rc >= 0)
        rc = set_optional(doc, "lang", xmlGetProp(root, (const xmlChar *)"lang"), 1);
    if (rc >= 0) /* the older way to say it, when <html> does not */
        rc = set_optional(doc, "lang", find_meta(root, "content-language"), 0);
    if (rc < 0)
        return rc;
    const xmlNode *roots[MAX_CONTENT_ROOTS];
    size_t nroots = 0;
    folio_text_out t = FOLIO_TEXT_OUT_INIT;
    gather_body(&t, doc, root, roots, &nroots);
    if ((rc = folio_buf_check(&t.buf)) >= 0)
        rc = set_optional(doc, "date", find_time(roots, nroots), 0);
    if (rc >= 0)
        rc = apply_folio_meta(doc, root);
    if (rc >= 0) {
        if (t.buf.len)
            rc = folio_doc_set(doc, "body", t.buf.data, t.buf.len);
        else if (!folio_doc_get(doc, "title"))
            rc = folio_error_set(FOLIO_EINVALID, "no text in the HTML");
    }
    folio_buf_free(&t.buf);
    return rc;
}

int folio_doc_parse_html(folio_doc **out, const char *text, size_t len)
{
    *out = NULL;
    if (len > INT_MAX)
        return folio_error_set(FOLIO_EINVALID, "HTML document too large");
    pthread_once(&parser_ready, init_parser);
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    htmlDocPtr html = htmlCtxtReadMemory(ctxt, text, (int)len, NULL, "UTF-8", PARSE_OPTIONS);
    /* Past libxml2's nesting limit the parser stops there and what follows is lost: the page is
     * refused, with the reason, rather than indexed without the rest of its text. */
    int too_deep = ctxt->errNo == XML_ERR_INTERNAL_ERROR && ctxt->lastError.message &&
                   strstr(ctxt->lastError.message, "Excessive depth");
    htmlFreeParserCtxt(ctxt);
    const xmlNode *root = html && !too_deep ? xmlDocGetRootElement(html) : NULL;
    if (!root) {
        if (html)
            xmlFreeDoc(html);
        return too_deep ? folio_error_set(FOLIO_EINVALID, "HTML nested more than %d elements deep (the parser's "
                                                          "limit: the rest of the page would be lost)",
                                          HTML_MAX_DEPTH)
                        : folio_error_set(FOLIO_EINVALID, "no text in the HTML");
    }
    folio_doc *doc;
    int rc = folio_doc_new(&doc);
    if (rc >= 0)
        rc = fill_doc(doc, root);
    xmlFreeDoc(html);
    if (rc < 0) {
        folio_doc_free(doc);
        return rc;
    }
    *out = doc;
    return 0;
}
