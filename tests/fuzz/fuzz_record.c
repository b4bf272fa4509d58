/*
 * fuzz_record.c — reading a stored record (record_store.h) from arbitrary bytes: a database's contents
 * are read back on every hit, so damaged ones must fail cleanly.
 *
 * Besides not crashing or leaking, it checks the promises: a failure is FOLIO_ECORRUPT (or FOLIO_ENOMEM)
 * and leaves no document; a record that reads, stored again, reads back as the same JSON.
 */
#include "folio.h"
#include "record_store.h"
#include "schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    folio_buf scratch = FOLIO_BUF_INIT;
    folio_doc *doc = (folio_doc *)1;
    int rc = folio_record_read(&doc, &scratch, (const char *)data, size);
    if (rc != 0) {
        if (doc || (rc != FOLIO_ECORRUPT && rc != FOLIO_ENOMEM))
            abort();
        folio_buf_free(&scratch);
        return 0;
    }
    if (!doc)
        abort();
    folio_buf json = FOLIO_BUF_INIT, packed = FOLIO_BUF_INIT, again = FOLIO_BUF_INIT;
    folio_schema_doc_json(&json, doc);
    const char *back;
    size_t len;
    if (!json.oom && folio_record_pack(&packed, json.data, json.len) == 0 &&
        (folio_record_unpack(&back, &len, &again, packed.data, packed.len) != 0 || len != json.len ||
         memcmp(back, json.data, len) != 0))
        abort();
    folio_buf_free(&json);
    folio_buf_free(&packed);
    folio_buf_free(&again);
    folio_buf_free(&scratch);
    folio_doc_free(doc);
    return 0;
}
