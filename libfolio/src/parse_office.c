/*
 * parse_office.c — folio_doc_parse_docx(), _odt() and _epub(): the zip-of-XML document formats as folio
 * documents (folio.h), over parse_zip.h and libxml2.
 *
 *  - DOCX (Office Open XML): the text of word/document.xml in document order, then its footnotes and
 *    endnotes; title, author and date from docProps/core.xml.
 *  - ODT (OpenDocument text): the text of content.xml's office:text (footnotes are inline, where they
 *    are cited); title, author and date from meta.xml.
 *  - EPUB: the chapters of the spine in order (each an XHTML file read by folio_doc_parse_html, so a
 *    chapter's navigation is left out as for a web page); title, author and date from the package
 *    document (the .opf file META-INF/container.xml names). Each chapter is a section (anchored by its
 *    path in the package), and so is each heading in it (path#id), as folio_doc_add_section says.
 * Paragraphs end lines; headings (DOCX heading styles, ODT text:h) start sections (folio_doc_add_section,
 * without anchors); drawings, images, deleted text and field codes are left out. XML is parsed
 * without the network and without substituting entities (an entity is left out, so no entity expansion
 * can blow up); malformed XML is refused with its member named. An EPUB chapter that cannot be read is
 * left out with a warning (*out_warning) and the others kept.
 */
#include "folio.h"

#include "buf.h"
#include "doc.h"
#include "error.h"
#include "parse_zip.h"
#include "text_out.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)
#define MEMBER_NAME_BYTES 1024
#define WARNING_BYTES 300

static pthread_once_t parser_ready = PTHREAD_ONCE_INIT;

static void init_parser(void)
{
    xmlInitParser();
}

/* What the elements of a format mean for its text, by local name. */
typedef struct xml_rules {
    const char *const *paragraph; /* end a line before and after */
    const char *const *space;     /* stand for a space (tabs) */
    const char *const *newline;   /* stand for a line break */
    const char *const *skip;      /* left out with their contents */
    int (*heading)(const xmlNode *n); /* starts a section (NULL: none do) */
} xml_rules;

static int name_in(const xmlNode *n, const char *const *names)
{
    for (size_t i = 0; names && names[i]; i++)
        if (strcmp((const char *)n->name, names[i]) == 0)
            return 1;
    return 0;
}

static void gather(folio_text_out *t, const xmlNode *top, const xml_rules *r, folio_doc *sections);

/* A heading starts a section: a section break before it, the section noted in `doc` (no anchor: a
 * word processor's headings have none a link can name). */
static void start_section(folio_text_out *t, const xmlNode *h, const xml_rules *r, folio_doc *doc)
{
    static const xml_rules text_only = {NULL, NULL, NULL, NULL, NULL};
    folio_text_out heading = FOLIO_TEXT_OUT_INIT;
    gather(&heading, h, r->skip ? &(xml_rules){NULL, NULL, NULL, r->skip, NULL} : &text_only, NULL);
    folio_text_out_start_section(t, doc, NULL, &heading);
    folio_buf_free(&heading.buf);
}

/* The text under `top` (iterative: a deeply nested file cannot exhaust the stack); headings start
 * sections of `sections` (if not NULL). */
static void gather(folio_text_out *t, const xmlNode *top, const xml_rules *r, folio_doc *sections)
{
    const xmlNode *n = top->children;
    while (n) {
        int enter = 0;
        if (n->type == XML_ELEMENT_NODE) {
            if (!name_in(n, r->skip)) {
                enter = 1;
                if (sections && r->heading && r->heading(n))
                    start_section(t, n, r, sections);
                if (name_in(n, r->paragraph) || name_in(n, r->newline))
                    folio_text_out_separate(t, '\n');
                else if (name_in(n, r->space))
                    folio_text_out_separate(t, ' ');
            }
        } else if (n->type == XML_TEXT_NODE && n->content) {
            folio_text_out_add(t, (const char *)n->content);
        }
        if (enter && n->children) {
            n = n->children;
            continue;
        }
        while (n != top) {
            if (n->type == XML_ELEMENT_NODE && name_in(n, r->paragraph))
                folio_text_out_separate(t, '\n');
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
        if (n == top)
            break;
    }
}

/* The first element with that local name (and namespace prefix, if given) under `top`. */
static const xmlNode *find(const xmlNode *top, const char *name)
{
    const xmlNode *n = top;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
            return n;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && n != top && !n->next)
            n = n->parent;
        if (!n || n == top)
            return NULL;
        n = n->next;
    }
    return NULL;
}

/* ---- Members ---- */

/* Parses a member as XML. FOLIO_ENOTFOUND when missing (if `optional`, *out NULL and 0). */
static int read_xml(xmlDoc **out, folio_zip *z, const char *name, int optional)
{
    *out = NULL;
    char *data;
    size_t len;
    int rc = folio_zip_read(&data, &len, z, name);
    if (rc == FOLIO_ENOTFOUND && optional) {
        folio_error_clear();
        return 0;
    }
    if (rc < 0)
        return rc;
    if (len > INT_MAX) {
        free(data);
        return folio_error_set(FOLIO_EINVALID, "'%.80s' too large", name);
    }
    xmlDoc *doc = xmlReadMemory(data, (int)len, NULL, NULL, XML_OPTIONS);
    free(data);
    if (!doc || !xmlDocGetRootElement(doc)) {
        const xmlError *e = xmlGetLastError();
        rc = folio_error_set(FOLIO_EINVALID, "malformed XML in '%.80s' (line %d)", name, e ? e->line : 0);
        if (doc)
            xmlFreeDoc(doc);
        return rc;
    }
    *out = doc;
    return 0;
}

/* Sets a field from an element's text; a value the record refuses (a bad date) is left out. */
static int set_from(folio_doc *doc, const char *field, const xmlNode *el)
{
    static const xml_rules plain = {NULL, NULL, NULL, NULL, NULL};
    if (!el)
        return 0;
    folio_text_out t = FOLIO_TEXT_OUT_INIT;
    gather(&t, el, &plain, NULL);
    int rc = folio_buf_check(&t.buf);
    size_t len = t.buf.len;
    /* "2024-01-02T03:04:05.25": folio's dates have no fractions of a second. */
    if (rc >= 0 && strcmp(field, "date") == 0 && len > 19 && t.buf.data[19] == '.')
        len = 19;
    if (rc >= 0 && len && !folio_doc_get(doc, field))
        rc = folio_doc_add_keyword_lenient(doc, field, t.buf.data, len);
    folio_buf_free(&t.buf);
    return rc;
}

/* title, author, date from a metadata document, by the local names of its elements. */
static int set_metadata(folio_doc *doc, const xmlDoc *meta, const char *const *title, const char *const *author,
                        const char *const *date)
{
    const xmlNode *root = xmlDocGetRootElement(meta);
    int rc = 0;
    for (size_t i = 0; title[i] && rc >= 0; i++)
        rc = set_from(doc, "title", find(root, title[i]));
    for (size_t i = 0; author[i] && rc >= 0; i++)
        rc = set_from(doc, "author", find(root, author[i]));
    for (size_t i = 0; date[i] && rc >= 0; i++)
        rc = set_from(doc, "date", find(root, date[i]));
    return rc;
}

static int finish(folio_doc **out, folio_doc *doc, folio_text_out *t, const char *format)
{
    int rc = folio_buf_check(&t->buf);
    if (rc >= 0 && t->buf.len)
        rc = folio_doc_set(doc, "body", t->buf.data, t->buf.len);
    else if (rc >= 0 && !folio_doc_get(doc, "title"))
        rc = folio_error_set(FOLIO_EINVALID, "no text in the %s", format);
    folio_buf_free(&t->buf);
    if (rc < 0) {
        folio_doc_free(doc);
        return rc;
    }
    *out = doc;
    return 0;
}

/* Where a package keeps its metadata, and the element names of its title, author and date. */
typedef struct package_meta {
    const char *member;
    const char *const *title, *const *author, *const *date;
} package_meta;

/* The end of reading a package whose text is in `t` (rc: how that went): its metadata read into doc
 * (a missing member adds nothing), the package closed, the document finished; on a failure everything
 * made is freed. */
static int finish_package(folio_doc **out, folio_doc *doc, folio_zip *z, folio_text_out *t, int rc,
                          const package_meta *pm, const char *format)
{
    xmlDoc *meta = NULL;
    if (rc >= 0 && (rc = read_xml(&meta, z, pm->member, 1)) >= 0 && meta)
        rc = set_metadata(doc, meta, pm->title, pm->author, pm->date);
    xmlFreeDoc(meta);
    folio_zip_close(z);
    if (rc < 0) {
        folio_buf_free(&t->buf);
        folio_doc_free(doc);
        return rc;
    }
    return finish(out, doc, t, format);
}

static int open_package(folio_zip **z, folio_doc **doc, const char *data, size_t len)
{
    pthread_once(&parser_ready, init_parser);
    int rc = folio_zip_open(z, data, len);
    if (rc >= 0 && (rc = folio_doc_new(doc)) < 0) {
        folio_zip_close(*z);
        *z = NULL;
    }
    return rc;
}

/* Appends the text of a member's root under `rules` (a missing optional member adds nothing). */
static int add_member_text(folio_text_out *t, folio_doc *doc, folio_zip *z, const char *name, int optional,
                           const char *body, const xml_rules *rules)
{
    xmlDoc *x;
    int rc = read_xml(&x, z, name, optional);
    if (rc < 0 || !x)
        return rc;
    const xmlNode *root = xmlDocGetRootElement(x);
    const xmlNode *top = body ? find(root, body) : root;
    if (top) {
        folio_text_out_separate(t, '\n');
        gather(t, top, rules, doc);
    }
    xmlFreeDoc(x);
    return folio_buf_check(&t->buf);
}

/* ---- DOCX ---- */

/* A paragraph of a heading style: w:pPr/w:pStyle w:val="Heading1".."Heading9" or "Title" (the style ids
 * Word writes in every language). */
static int is_docx_heading(const xmlNode *n)
{
    if (strcmp((const char *)n->name, "p") != 0)
        return 0;
    const xmlNode *ppr = n->children;
    while (ppr && !(ppr->type == XML_ELEMENT_NODE && strcmp((const char *)ppr->name, "pPr") == 0))
        ppr = ppr->next;
    for (const xmlNode *c = ppr ? ppr->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "pStyle") != 0)
            continue;
        xmlChar *val = xmlGetProp(c, (const xmlChar *)"val");
        const char *v = (const char *)val;
        int heading = v && (strcmp(v, "Title") == 0 ||
                            (strncmp(v, "Heading", 7) == 0 && v[7] >= '1' && v[7] <= '9' && !v[8]));
        xmlFree(val);
        return heading;
    }
    return 0;
}

int folio_doc_parse_docx(folio_doc **out, const char *data, size_t len)
{
    static const char *const paragraph[] = {"p", "tr", NULL};
    static const char *const space[] = {"tab", "tc", NULL};
    static const char *const newline[] = {"br", "cr", NULL};
    /* Deleted text, field codes, drawings, and the fallback copy of alternate content. */
    static const char *const skip[] = {"delText", "instrText", "drawing", "pict", "Fallback", "rPr", "pPr",
                                       "footnoteReference", "endnoteReference", "separator",
                                       "continuationSeparator", NULL};
    static const xml_rules rules = {paragraph, space, newline, skip, is_docx_heading};
    static const char *const title[] = {"title", NULL}, *const author[] = {"creator", NULL},
                             *const date[] = {"created", NULL};
    *out = NULL;
    folio_zip *z;
    folio_doc *doc;
    int rc = open_package(&z, &doc, data, len);
    if (rc < 0)
        return rc;
    folio_text_out t = FOLIO_TEXT_OUT_INIT;
    rc = add_member_text(&t, doc, z, "word/document.xml", 0, "body", &rules);
    if (rc >= 0)
        rc = add_member_text(&t, doc, z, "word/footnotes.xml", 1, NULL, &rules);
    if (rc >= 0)
        rc = add_member_text(&t, doc, z, "word/endnotes.xml", 1, NULL, &rules);
    static const package_meta meta = {"docProps/core.xml", title, author, date};
    return finish_package(out, doc, z, &t, rc, &meta, "DOCX");
}

/* ---- ODT ---- */

static int is_odt_heading(const xmlNode *n)
{
    return strcmp((const char *)n->name, "h") == 0;
}

int folio_doc_parse_odt(folio_doc **out, const char *data, size_t len)
{
    static const char *const paragraph[] = {"p", "h", "list-item", "table-row", NULL};
    static const char *const space[] = {"s", "tab", "table-cell", NULL};
    static const char *const newline[] = {"line-break", NULL};
    static const char *const skip[] = {"note-citation", "tracked-changes", "annotation", "frame", "image",
                                       "sequence-decls", NULL};
    static const xml_rules rules = {paragraph, space, newline, skip, is_odt_heading};
    static const char *const title[] = {"title", NULL}, *const author[] = {"initial-creator", "creator", NULL},
                             *const date[] = {"creation-date", "date", NULL};
    *out = NULL;
    folio_zip *z;
    folio_doc *doc;
    int rc = open_package(&z, &doc, data, len);
    if (rc < 0)
        return rc;
    folio_text_out t = FOLIO_TEXT_OUT_INIT;
    rc = add_member_text(&t, doc, z, "content.xml", 0, "text", &rules);
    static const package_meta meta = {"meta.xml", title, author, date};
    return finish_package(out, doc, z, &t, rc, &meta, "ODT");
}

/* ---- EPUB ---- */

static void add_warning(char **out_warning, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_warning(char **out_warning, const char *fmt, ...)
{
    if (!out_warning || *out_warning)
        return; /* the first problem is named; the others are like it */
    char *w = malloc(WARNING_BYTES);
    if (!w)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w, WARNING_BYTES, fmt, ap);
    va_end(ap);
    *out_warning = w;
}

static xmlChar *attr(const xmlNode *n, const char *name)
{
    return xmlGetProp(n, (const xmlChar *)name);
}

/* The path of the package document, from META-INF/container.xml. */
static int find_package(char *opf, size_t cap, folio_zip *z)
{
    xmlDoc *c;
    int rc = read_xml(&c, z, "META-INF/container.xml", 0);
    if (rc < 0)
        return rc == FOLIO_ENOTFOUND ? folio_error_set(FOLIO_EINVALID, "not an EPUB (no META-INF/container.xml)") : rc;
    const xmlNode *root = find(xmlDocGetRootElement(c), "rootfile");
    xmlChar *path = root ? attr(root, "full-path") : NULL;
    if (path && strlen((const char *)path) < cap)
        rc = folio_zip_resolve(opf, cap, "", (const char *)path);
    else
        rc = folio_error_set(FOLIO_EINVALID, "EPUB container names no package document");
    xmlFree(path);
    xmlFreeDoc(c);
    return rc;
}

/* The manifest item with that id: its href resolved against the package document. */
static int manifest_path(char *out, size_t cap, const xmlNode *manifest, const char *opf, const char *id)
{
    for (const xmlNode *n = manifest->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "item") != 0)
            continue;
        xmlChar *item_id = attr(n, "id");
        int match = item_id && strcmp((const char *)item_id, id) == 0;
        xmlFree(item_id);
        if (!match)
            continue;
        xmlChar *href = attr(n, "href");
        int rc = href ? folio_zip_resolve(out, cap, opf, (const char *)href)
                      : folio_error_set(FOLIO_EINVALID, "manifest item '%.80s' has no href", id);
        xmlFree(href);
        return rc;
    }
    return folio_error_set(FOLIO_EINVALID, "spine item '%.80s' is not in the manifest", id);
}

static unsigned count_breaks(const char *s)
{
    unsigned n = 0;
    for (; (s = strchr(s, '\f')); s++)
        n++;
    return n;
}

/* A chapter's sections in the book: the chapter itself (its title, else its first heading; anchored by
 * its path), then its headings (path#id), from part `first` of the book's body. */
static int add_chapter_sections(folio_doc *book, const folio_doc *chapter, const char *path, unsigned first)
{
    char anchor[MEMBER_NAME_BYTES + 256];
    const char *title = folio_doc_get(chapter, "title");
    size_t n = folio_doc_section_count(chapter);
    unsigned part0 = 1;
    const char *head0 = NULL;
    if (n)
        folio_doc_section(&head0, &part0, NULL, chapter, 0);
    int rc = 0;
    /* A chapter that opens with a heading is that heading's section; else it is one of its own. */
    if (!(head0 && part0 == 0) && (title || head0))
        rc = folio_doc_add_section(book, first, path, title ? title : head0);
    for (size_t i = 0; i < n && rc >= 0; i++) {
        unsigned part;
        const char *id;
        const char *heading;
        folio_doc_section(&heading, &part, &id, chapter, i);
        snprintf(anchor, sizeof anchor, "%s%s%s", path, *id ? "#" : "", id);
        rc = folio_doc_add_section(book, first + part, anchor, heading);
    }
    if (rc == FOLIO_EINVALID) { /* an anchor too long: the chapter's text is kept without it */
        folio_error_clear();
        rc = 0;
    }
    return rc;
}

/* Appends one chapter's text; a chapter that cannot be read is left out with a warning. */
static int add_chapter(folio_text_out *t, folio_doc *book, char **out_warning, folio_zip *z, const char *path)
{
    char *data;
    size_t len;
    int rc = folio_zip_read(&data, &len, z, path);
    folio_doc *chapter = NULL;
    if (rc >= 0) {
        rc = folio_doc_parse_html(&chapter, data, len);
        free(data);
    }
    if (rc == FOLIO_ENOMEM)
        return rc;
    if (rc < 0) {
        add_warning(out_warning, "chapter '%s' left out: %s", path, folio_error_last()->message);
        folio_error_clear();
        return 0;
    }
    const char *body = folio_doc_get(chapter, "body");
    int rc2 = 0;
    if (body) {
        /* Each chapter is a section: a form feed before it. */
        if (t->buf.len) {
            folio_buf_putc(&t->buf, '\f');
            t->breaks++;
        }
        t->pending = 0;
        rc2 = add_chapter_sections(book, chapter, path, t->breaks);
        folio_buf_puts(&t->buf, body);
        t->breaks += count_breaks(body);
    }
    folio_doc_free(chapter);
    return rc2 < 0 ? rc2 : folio_buf_check(&t->buf);
}

int folio_doc_parse_epub(folio_doc **out, char **out_warning, const char *data, size_t len)
{
    static const char *const title[] = {"title", NULL}, *const author[] = {"creator", NULL},
                             *const date[] = {"date", NULL};
    *out = NULL;
    if (out_warning)
        *out_warning = NULL;
    folio_zip *z;
    folio_doc *doc;
    int rc = open_package(&z, &doc, data, len);
    if (rc < 0)
        return rc;
    char opf[MEMBER_NAME_BYTES];
    xmlDoc *package = NULL;
    folio_text_out t = FOLIO_TEXT_OUT_INIT;
    rc = find_package(opf, sizeof opf, z);
    if (rc >= 0)
        rc = read_xml(&package, z, opf, 0);
    const xmlNode *root = package ? xmlDocGetRootElement(package) : NULL;
    const xmlNode *metadata = root ? find(root, "metadata") : NULL;
    const xmlNode *manifest = root ? find(root, "manifest") : NULL;
    const xmlNode *spine = root ? find(root, "spine") : NULL;
    if (rc >= 0 && (!manifest || !spine))
        rc = folio_error_set(FOLIO_EINVALID, "EPUB package '%.80s' has no manifest or spine", opf);
    if (rc >= 0 && metadata)
        rc = set_metadata(doc, package, title, author, date);
    for (const xmlNode *n = spine ? spine->children : NULL; n && rc >= 0; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "itemref") != 0)
            continue;
        xmlChar *idref = attr(n, "idref");
        char path[MEMBER_NAME_BYTES];
        int found = idref ? manifest_path(path, sizeof path, manifest, opf, (const char *)idref) : FOLIO_EINVALID;
        if (found >= 0) {
            rc = add_chapter(&t, doc, out_warning, z, path);
        } else {
            add_warning(out_warning, "spine item left out: %s",
                        idref ? folio_error_last()->message : "an itemref without idref");
            folio_error_clear();
        }
        xmlFree(idref);
    }
    xmlFreeDoc(package);
    folio_zip_close(z);
    if (rc < 0) {
        folio_buf_free(&t.buf);
        folio_doc_free(doc);
        if (out_warning) {
            free(*out_warning);
            *out_warning = NULL;
        }
        return rc;
    }
    rc = finish(out, doc, &t, "EPUB");
    if (rc < 0 && out_warning) {
        free(*out_warning);
        *out_warning = NULL;
    }
    return rc;
}
