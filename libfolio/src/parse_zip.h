/*
 * parse_zip.h — reading members of a zip archive held in memory (DOCX, ODT and EPUB are zip archives of
 * XML), through libzip, with limits against archives made to hurt.
 *
 * Why libzip rather than libarchive: these formats name their members (META-INF/container.xml, then
 * the files the package lists, in its order), so they need random access by name, which libzip gives
 * from a memory buffer; libarchive reads an archive as a stream, front to back.
 *
 * Refused (FOLIO_EINVALID, the message says why): an archive libzip cannot open, more than
 * FOLIO_ZIP_MAX_ENTRIES members, a member name with a path trick (absolute, "..", a backslash or a
 * control character: folio never writes members to disk, but a package that names such a path is not
 * one a program wrote honestly), a member larger than FOLIO_ZIP_MAX_MEMBER_BYTES or compressed more than
 * FOLIO_ZIP_MAX_RATIO times (a zip bomb), and reading more than FOLIO_ZIP_MAX_TOTAL_BYTES in all. Sizes
 * are checked as declared and again as read, so an archive that lies about them is refused too.
 */
#ifndef FOLIO_PARSE_ZIP_H
#define FOLIO_PARSE_ZIP_H

#include <stddef.h>

#define FOLIO_ZIP_MAX_ENTRIES 20000
#define FOLIO_ZIP_MAX_MEMBER_BYTES ((size_t)64 * 1024 * 1024)
#define FOLIO_ZIP_MAX_TOTAL_BYTES ((size_t)256 * 1024 * 1024)
/* XML compresses well, rarely beyond 20:1; bombs go to 1000:1 and more. Small members are not held to
 * it (a few KiB of repeated markup is harmless). */
#define FOLIO_ZIP_MAX_RATIO 200
#define FOLIO_ZIP_RATIO_FROM_BYTES ((size_t)1024 * 1024)

typedef struct folio_zip folio_zip;

/* Opens the archive in data[0..len), which must outlive it. */
int folio_zip_open(folio_zip **out, const char *data, size_t len);
void folio_zip_close(folio_zip *z);

/* Reads the member `name` into *out (malloc'd, NUL-terminated; *out_len bytes). FOLIO_ENOTFOUND when
 * there is no such member; FOLIO_EINVALID when a limit is passed or it does not decompress. */
int folio_zip_read(char **out, size_t *out_len, folio_zip *z, const char *name);

/* Resolves `href` (a relative URL in a package, maybe %-encoded, maybe with #fragment) against the
 * member `base` into out (at most `cap` bytes): "OEBPS/text/../img/a.png". FOLIO_EINVALID when it leaves
 * the archive ("../../x"), is absolute or has a scheme. */
int folio_zip_resolve(char *out, size_t cap, const char *base, const char *href);

#endif
