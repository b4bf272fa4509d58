/*
 * parse_html.c — folio_doc_parse_html(): an HTML page as a folio document, through libxml2's HTML parser.
 *
 * The parser recovers from broken markup the way browsers do and is told never to touch the network.
 * Text is gathered by an iterative walk of the tree (no recursion, so a deeply nested page cannot
 * exhaust the stack): inline elements join their text ("fo<b>o</b>" is one word), block elements and
 * <br> separate lines, white space runs collapse to one space, and scripts, styles, templates and the
 * head's other contents are left out.
 */
#include "folio.h"

#include "buf.h"
#include "error.h"
#include "text.h"

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

/* Collects text with white space collapsed; `pending` remembers a separator not yet written, so the
 * output never starts or ends with one. */
typedef struct text_out {
    folio_buf buf;
    char pending; /* 0, ' ' or '\n' */
} text_out;

static void separate(text_out *t, char sep)
{
    if (t->buf.len && (sep == '\n' || t->pending != '\n'))
        t->pending = sep;
}

static void add_text(text_out *t, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            separate(t, ' ');
            continue;
        }
        if (t->pending) {
            folio_buf_putc(&t->buf, t->pending);
            t->pending = 0;
        }
        folio_buf_putc(&t->buf, (char)c);
    }
}

/* The next node of a depth-first walk of the subtree under `top`, entering children unless told not
 * to; block elements are separated on the way in and out. */
static const xmlNode *next_node(const xmlNode *node, const xmlNode *top, int enter, text_out *t)
{
    if (enter && node->children)
        return node->children;
    while (node != top) {
        if (t && is_block(node))
            separate(t, '\n');
        if (node->next)
            return node->next;
        node = node->parent;
    }
    return NULL;
}

/* The text under `top`, or with skip set, without the parts that are not page text. */
static void gather_text(text_out *t, const xmlNode *top, int skip)
{
    for (const xmlNode *n = top->children; n;) {
        int skipped = skip && is_skipped(n);
        if (!skipped && is_block(n))
            separate(t, '\n');
        if (!skipped && (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            add_text(t, (const char *)n->content);
        n = next_node(n, top, !skipped, t);
    }
}

/* The first element with that name, anywhere in the document. */
static const xmlNode *find_element(const xmlNode *top, const char *name)
{
    for (const xmlNode *n = top; n; n = next_node(n, top, 1, NULL))
        if (n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

/* <meta name="NAME" content="..."> (or property= for Open Graph names). */
static xmlChar *find_meta(const xmlNode *top, const char *name)
{
    for (const xmlNode *n = top; n; n = next_node(n, top, 1, NULL)) {
        if (n->type != XML_ELEMENT_NODE || strcasecmp((const char *)n->name, "meta") != 0)
            continue;
        xmlChar *key = xmlGetProp(n, (const xmlChar *)"name");
        if (!key)
            key = xmlGetProp(n, (const xmlChar *)"property");
        int match = key && strcasecmp((const char *)key, name) == 0;
        xmlFree(key);
        if (match)
            return xmlGetProp(n, (const xmlChar *)"content");
    }
    return NULL;
}

/* Sets a field from an element's text; nothing when it has none. */
static int set_from_element(folio_doc *doc, const char *field, const xmlNode *el)
{
    if (!el)
        return 0;
    text_out t = {FOLIO_BUF_INIT, 0};
    gather_text(&t, el, 1);
    int rc = folio_buf_check(&t.buf);
    if (rc >= 0 && t.buf.len)
        rc = folio_doc_set(doc, field, t.buf.data, t.buf.len);
    folio_buf_free(&t.buf);
    return rc;
}

/* Optional metadata: a value folio refuses (a date it cannot read) is left out, not an error. */
static int set_from_meta(folio_doc *doc, const char *field, const xmlNode *root, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        xmlChar *value = find_meta(root, names[i]);
        if (!value)
            continue;
        text_out t = {FOLIO_BUF_INIT, 0};
        add_text(&t, (const char *)value);
        xmlFree(value);
        int rc = folio_buf_check(&t.buf);
        if (rc >= 0 && t.buf.len && folio_doc_set(doc, field, t.buf.data, t.buf.len) == FOLIO_ENOMEM)
            rc = FOLIO_ENOMEM;
        folio_buf_free(&t.buf);
        return rc;
    }
    return 0;
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
    if (rc < 0)
        return rc;
    const xmlNode *body = find_element(root, "body");
    text_out t = {FOLIO_BUF_INIT, 0};
    gather_text(&t, body ? body : root, 1);
    if ((rc = folio_buf_check(&t.buf)) >= 0) {
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
