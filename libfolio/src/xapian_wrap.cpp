/*
 * xapian_wrap.cpp — see xapian_wrap.h. The only C++ in folio.
 *
 * Every extern "C" function runs its body inside guard(), which turns any exception into an error code
 * and a copied message, so nothing C++ ever unwinds into C frames.
 */
#include "xapian_wrap.h"

#include "error.h"

extern "C" {
#include "boosts.h"
}

#include <xapian.h>

#include <dirent.h>

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <exception>
#include <limits>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

// One database of a stub file that folio opened itself (to give remote shards timeouts, and to go on
// without a shard that is down when partial results are allowed).
struct folio_shard {
    std::string name;   // the stub line's target, e.g. "remote 127.0.0.1:33444" or a path
    bool remote = false;
    std::string where;  // local path, or remote host
    unsigned port = 0;
    Xapian::Database db;
    bool missing = false;
};

struct folio_xdb {
    Xapian::Database *read = nullptr;          // the handle used for reading (for a writer, == write)
    Xapian::WritableDatabase *write = nullptr; // only for a writer
    std::vector<folio_shard> shards;           // when opened from a stub file by folio, else empty
    folio_xopen_options options{};
    std::string path; // as opened, to name it in messages (a full disk)
};

struct folio_xdoc {
    Xapian::Document doc;
};

struct folio_xquery {
    Xapian::Query query;
};

namespace {

// How many times a reader retries after DatabaseModifiedError before giving up.
const int MODIFIED_RETRIES = 3;

int code_for(const Xapian::Error &e)
{
    const std::string type = e.get_type();
    if (type == "DatabaseNotFoundError")
        return FOLIO_ENOTFOUND;
    if (type == "DatabaseLockError")
        return FOLIO_ELOCKED;
    if (type == "DatabaseCorruptError" || type == "DatabaseOpeningError" || type == "DatabaseVersionError")
        return FOLIO_ECORRUPT;
    if (type == "DatabaseModifiedError")
        return FOLIO_EMODIFIED;
    if (type == "DocNotFoundError")
        return FOLIO_ENOTFOUND;
    if (type == "InvalidArgumentError")
        return FOLIO_EINVALID;
    if (type == "NetworkError" || type == "NetworkTimeoutError")
        return FOLIO_EUNAVAILABLE;
    return FOLIO_ERROR;
}

// Whether Xapian failed for want of disk space (its message does not always say so; its errno does).
bool disk_full(const Xapian::Error &e)
{
    const char *why = e.get_error_string();
    const std::string space = std::strerror(ENOSPC);
    return (why && space == why) || e.get_msg().find(space) != std::string::npos;
}

// Runs f and converts every exception into a recorded error. f returns an int code itself. `path`: the
// database written, named when the disk is full (or nullptr).
template <typename F> int guard_at(const char *path, const char *what, F f)
{
    try {
        return f();
    } catch (const Xapian::Error &e) {
        if (disk_full(e))
            return folio_error_set(FOLIO_EIO, "%s: the disk is full (no space left on device) while %s",
                                   path && *path ? path : "the database", what);
        return folio_error_set(code_for(e), "%s: %s: %s", what, e.get_type(), e.get_msg().c_str());
    } catch (const std::bad_alloc &) {
        return folio_error_set(FOLIO_ENOMEM, "%s: out of memory", what);
    } catch (const std::exception &e) {
        return folio_error_set(FOLIO_ERROR, "%s: %s", what, e.what());
    } catch (...) {
        return folio_error_set(FOLIO_ERROR, "%s: unknown error", what);
    }
}

template <typename F> int guard(const char *what, F f)
{
    return guard_at(nullptr, what, f);
}

// The same for constructors that return a pointer: NULL on any exception (callers check for NULL).
template <typename F> folio_xquery *guard_query(F f)
{
    try {
        return new folio_xquery{f()};
    } catch (const Xapian::Error &e) {
        folio_error_set(code_for(e), "query: %s: %s", e.get_type(), e.get_msg().c_str());
    } catch (const std::bad_alloc &) {
        folio_error_set(FOLIO_ENOMEM, "out of memory");
    } catch (...) {
        folio_error_set(FOLIO_ERROR, "query: unknown error");
    }
    return nullptr;
}

char *copy_string(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

Xapian::Query::op xapian_op(folio_xop op)
{
    switch (op) {
    case FOLIO_XOP_AND: return Xapian::Query::OP_AND;
    case FOLIO_XOP_OR: return Xapian::Query::OP_OR;
    case FOLIO_XOP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case FOLIO_XOP_FILTER: return Xapian::Query::OP_FILTER;
    case FOLIO_XOP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case FOLIO_XOP_PHRASE: return Xapian::Query::OP_PHRASE;
    case FOLIO_XOP_NEAR: return Xapian::Query::OP_NEAR;
    case FOLIO_XOP_SYNONYM: return Xapian::Query::OP_SYNONYM;
    }
    throw Xapian::InvalidArgumentError("unknown query operator");
}

// Offers only unprefixed terms: prefixes are upper-case ASCII (schema.h).
class UnprefixedTerms : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string &term) const override
    {
        return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
    }
};

// The best `nterms` expansion terms (Xapian's ESet) of the documents of `relevant`, unprefixed only.
// Exact term frequencies: over shards Xapian otherwise approximates them, and the terms (so the
// ranking) would differ from a single database's.
std::vector<std::pair<std::string, double>> expansion_terms(Xapian::Enquire &enquire, const Xapian::RSet &relevant,
                                                            unsigned nterms)
{
    UnprefixedTerms decider;
    Xapian::ESet eset = enquire.get_eset(nterms, relevant, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    std::vector<std::pair<std::string, double>> terms;
    for (Xapian::ESetIterator e = eset.begin(); e != eset.end(); ++e)
        terms.emplace_back(*e, e.get_weight());
    return terms;
}

int call_back_terms(const std::vector<std::pair<std::string, double>> &terms, folio_xexpand_cb cb, void *ctx)
{
    for (const auto &t : terms) {
        int rc = cb(ctx, t.first.data(), t.first.size(), t.second);
        if (rc)
            return rc;
    }
    return 0;
}

int read_only()
{
    return folio_error_set(FOLIO_EINVALID, "the database is open for reading only");
}

void set_bm25(Xapian::Enquire &enquire, const folio_xrun_options *opts)
{
    double c = opts->scheme_param > 0 ? opts->scheme_param : 1.0;
    switch (opts->scheme) {
    case FOLIO_XSCHEME_DPH: enquire.set_weighting_scheme(Xapian::DPHWeight()); return;
    case FOLIO_XSCHEME_DLH: enquire.set_weighting_scheme(Xapian::DLHWeight()); return;
    case FOLIO_XSCHEME_PL2: enquire.set_weighting_scheme(Xapian::PL2Weight(c)); return;
    case FOLIO_XSCHEME_INL2: enquire.set_weighting_scheme(Xapian::InL2Weight(c)); return;
    case FOLIO_XSCHEME_IFB2: enquire.set_weighting_scheme(Xapian::IfB2Weight(c)); return;
    case FOLIO_XSCHEME_BB2: enquire.set_weighting_scheme(Xapian::BB2Weight(c)); return;
    case FOLIO_XSCHEME_LM_DIRICHLET:
        enquire.set_weighting_scheme(Xapian::LMWeight(0, Xapian::Weight::DIRICHLET_SMOOTHING,
                                                      opts->scheme_param > 0 ? opts->scheme_param : 2000, 0));
        return;
    case FOLIO_XSCHEME_LM_TWO_STAGE:
        enquire.set_weighting_scheme(Xapian::LMWeight(0, Xapian::Weight::TWO_STAGE_SMOOTHING, 0.7,
                                                      opts->scheme_param > 0 ? opts->scheme_param : 2000));
        return;
    }
    if (opts->bm25plus_delta > 0)
        enquire.set_weighting_scheme(
            Xapian::BM25PlusWeight(opts->bm25_k1, 0, 1, opts->bm25_b, 0.5, opts->bm25plus_delta));
    else
        enquire.set_weighting_scheme(Xapian::BM25Weight(opts->bm25_k1, 0, 1, opts->bm25_b, 0.5));
}

/* ---- Databases ---- */

// Xapian says "not found" for a directory that holds something other than a database; that is a
// damaged or foreign database to the user, not a missing one.
bool is_nonempty_directory(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir)
        return false;
    bool found = false;
    for (struct dirent *e; !found && (e = readdir(dir)) != nullptr;)
        found = std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0;
    closedir(dir);
    return found;
}


// The stub file behind path: path itself when it is a file, or path/XAPIANDB (a directory that holds a
// stub). "" when there is none.
std::string stub_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return "";
    if (S_ISREG(st.st_mode))
        return path;
    std::string inside = std::string(path) + "/XAPIANDB";
    return stat(inside.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? inside : "";
}

// Reads a stub file's lines into shards. False when a line is of a kind folio does not open itself
// (then Xapian opens the whole stub, without timeouts or partial results).
bool read_stub(const std::string &stub, std::vector<folio_shard> &shards)
{
    std::ifstream in(stub);
    const std::string dir = stub.substr(0, stub.find_last_of('/') + 1);
    std::string line;
    while (std::getline(in, line)) {
        const size_t start = line.find_first_not_of(" \t\r");
        if (start == std::string::npos || line[start] == '#')
            continue;
        std::istringstream words(line.substr(start));
        std::string kind, target;
        words >> kind >> target;
        folio_shard shard;
        if (kind == "auto" || kind == "glass" || kind == "chert") {
            shard.where = target[0] == '/' ? target : dir + target;
            shard.name = target;
        } else if (kind == "remote" && target.find(':') != std::string::npos) {
            const size_t colon = target.rfind(':');
            char *end;
            const unsigned long port = std::strtoul(target.c_str() + colon + 1, &end, 10);
            if (*end || port == 0 || port > 65535)
                return false;
            shard.remote = true;
            shard.where = target.substr(0, colon);
            shard.port = static_cast<unsigned>(port);
            shard.name = "remote " + target;
        } else {
            return false;
        }
        shards.push_back(std::move(shard));
    }
    return !shards.empty();
}

void open_shard(folio_shard &shard, const folio_xopen_options &o)
{
    if (shard.remote)
        shard.db = Xapian::Remote::open(shard.where, shard.port, o.timeout_ms, o.connect_timeout_ms);
    else
        shard.db = Xapian::Database(shard.where);
}

// (Re)builds the combined handle from the shards that are not missing.
void combine_shards(folio_xdb *db)
{
    auto *combined = new Xapian::Database();
    for (const folio_shard &shard : db->shards)
        if (!shard.missing)
            combined->add_database(shard.db);
    delete db->read;
    db->read = combined;
}

[[noreturn]] void shard_failed(const folio_shard &shard, const Xapian::Error &e)
{
    throw Xapian::NetworkError("shard " + shard.name + " did not answer: " + e.get_msg());
}

// After a network error: finds the shards that stopped answering. With partial results allowed they are
// left out from now on (true: retry); otherwise the error names the first of them.
bool drop_failed_shards(folio_xdb *db)
{
    bool dropped = false;
    for (folio_shard &shard : db->shards) {
        if (shard.missing || !shard.remote)
            continue;
        try {
            shard.db.keep_alive();
        } catch (const Xapian::Error &e) {
            if (!db->options.allow_partial)
                shard_failed(shard, e);
            shard.missing = true;
            dropped = true;
        }
    }
    if (dropped)
        combine_shards(db);
    return dropped;
}

// Runs f against db->read; reopens and retries after DatabaseModifiedError (a reader saw the index
// change under it), and after a shard failure when partial results are allowed.
template <typename F> void with_retries(folio_xdb *db, F f)
{
    for (int attempt = 0;; attempt++) {
        try {
            f();
            return;
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt == MODIFIED_RETRIES || db->write)
                throw;
            db->read->reopen();
        } catch (const Xapian::NetworkError &) {
            if (attempt == MODIFIED_RETRIES || db->shards.empty() || !drop_failed_shards(db))
                throw;
        }
    }
}

int open_read(folio_xdb **out, const char *path, const folio_xopen_options &o)
{
    *out = nullptr;
    int rc = guard("opening database", [&] {
        std::unique_ptr<folio_xdb> db(new folio_xdb);
        db->options = o;
        const std::string stub = stub_file(path);
        if (!stub.empty() && read_stub(stub, db->shards)) {
            for (folio_shard &shard : db->shards) {
                try {
                    open_shard(shard, o);
                } catch (const Xapian::Error &e) {
                    if (!o.allow_partial || !shard.remote)
                        shard_failed(shard, e);
                    shard.missing = true;
                }
            }
            combine_shards(db.get());
        } else {
            db->shards.clear();
            db->read = new Xapian::Database(path);
        }
        *out = db.release();
        return 0;
    });
    if (rc == FOLIO_ENOTFOUND && is_nonempty_directory(path))
        rc = folio_error_set(FOLIO_ECORRUPT, "%s", folio_error_last()->message);
    return rc;
}

} // namespace

extern "C" {

int folio_xdb_open_read(folio_xdb **out, const char *path)
{
    return open_read(out, path, folio_xopen_options{});
}

int folio_xdb_open_read_ex(folio_xdb **out, const char *path, const folio_xopen_options *opts)
{
    return open_read(out, path, *opts);
}

int folio_xdb_has_remote(const folio_xdb *db)
{
    for (const folio_shard &shard : db->shards)
        if (shard.remote)
            return 1;
    return 0;
}

size_t folio_xdb_missing_count(const folio_xdb *db)
{
    size_t n = 0;
    for (const folio_shard &shard : db->shards)
        n += shard.missing;
    return n;
}

const char *folio_xdb_missing_name(const folio_xdb *db, size_t i)
{
    for (const folio_shard &shard : db->shards)
        if (shard.missing && i-- == 0)
            return shard.name.c_str();
    return nullptr;
}

int folio_xdb_open_write(folio_xdb **out, const char *path)
{
    *out = nullptr;
    return guard("opening database for writing", [&] {
        folio_xdb *db = new folio_xdb;
        try {
            db->write = new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
            db->read = db->write;
            db->path = path;
            db->write->begin_transaction(true);
        } catch (...) {
            delete db->write;
            delete db;
            throw;
        }
        *out = db;
        return 0;
    });
}

void folio_xdb_close(folio_xdb *db)
{
    if (!db)
        return;
    guard("closing database", [&] {
        if (db->write) {
            // Discard what was not committed: cancel the open transaction before close() would commit.
            try {
                db->write->cancel_transaction();
            } catch (const Xapian::InvalidOperationError &) {
                // No transaction was open (a failed commit left none): nothing to discard.
            }
        }
        db->read->close();
        return 0;
    });
    delete db->read;
    delete db;
}

int folio_xdb_reopen(folio_xdb *db)
{
    return guard("reopening database", [&] { return db->read->reopen() ? 1 : 0; });
}

int folio_xdb_commit(folio_xdb *db)
{
    return guard_at(db->path.c_str(), "committing", [&] {
        if (!db->write)
            return read_only();
        db->write->commit_transaction();
        db->write->begin_transaction(true);
        return 0;
    });
}

int folio_xdb_has_positions(folio_xdb *db, int *out)
{
    *out = 0;
    return guard("reading positions", [&] {
        *out = db->read->has_positions() ? 1 : 0;
        return 0;
    });
}

int folio_xdb_get_metadata(folio_xdb *db, const char *key, char **out)
{
    *out = nullptr;
    return guard("reading metadata", [&] {
        *out = copy_string(db->read->get_metadata(key));
        return 0;
    });
}

int folio_xdb_set_metadata(folio_xdb *db, const char *key, const char *value)
{
    return guard_at(db->path.c_str(), "writing metadata", [&] {
        if (!db->write)
            return read_only();
        db->write->set_metadata(key, value);
        return 0;
    });
}

int folio_xdb_doc_count(folio_xdb *db, uint64_t *out)
{
    return guard("counting documents", [&] {
        with_retries(db, [&] { *out = db->read->get_doccount(); });
        return 0;
    });
}

int folio_xdb_term_count(folio_xdb *db, uint64_t *out)
{
    return guard("counting terms", [&] {
        uint64_t n = 0;
        for (Xapian::TermIterator t = db->read->allterms_begin(); t != db->read->allterms_end(); ++t)
            n++;
        *out = n;
        return 0;
    });
}

int folio_xdb_term_freq(folio_xdb *db, const char *term, size_t len, uint64_t *out)
{
    // A query's own checks (typo tolerance reads many) meet a writer's commits as its run does.
    return guard("reading term frequency", [&] {
        with_retries(db, [&] { *out = db->read->get_termfreq(std::string(term, len)); });
        return 0;
    });
}

int folio_xdb_terms_with_prefix(folio_xdb *db, const char *prefix, size_t len, size_t limit,
                                folio_xterm_cb cb, void *ctx, int *out_more)
{
    if (out_more)
        *out_more = 0;
    return guard("listing terms", [&] {
        const std::string p(prefix, len);
        size_t given = 0;
        for (Xapian::TermIterator t = db->read->allterms_begin(p); t != db->read->allterms_end(p); ++t) {
            if (given == limit) {
                if (out_more)
                    *out_more = 1;
                break;
            }
            const std::string term = *t;
            given++;
            int rc = cb(ctx, term.data(), term.size(), t.get_termfreq());
            if (rc)
                return rc;
        }
        return 0;
    });
}

/* ---- Documents ---- */

int folio_xdoc_new(folio_xdoc **out)
{
    *out = nullptr;
    return guard("new document", [&] {
        *out = new folio_xdoc;
        return 0;
    });
}

void folio_xdoc_free(folio_xdoc *doc)
{
    delete doc;
}

int folio_xdoc_add_posting(folio_xdoc *doc, const char *term, size_t len, uint32_t pos)
{
    return guard("adding posting", [&] {
        doc->doc.add_posting(std::string(term, len), pos);
        return 0;
    });
}

int folio_xdoc_add_term(folio_xdoc *doc, const char *term, size_t len)
{
    return guard("adding term", [&] {
        doc->doc.add_term(std::string(term, len));
        return 0;
    });
}

int folio_xdoc_add_boolean_term(folio_xdoc *doc, const char *term, size_t len)
{
    return guard("adding term", [&] {
        doc->doc.add_boolean_term(std::string(term, len));
        return 0;
    });
}

int folio_xdoc_set_value(folio_xdoc *doc, unsigned slot, const char *value, size_t len)
{
    return guard("setting value", [&] {
        doc->doc.add_value(slot, std::string(value, len));
        return 0;
    });
}

int folio_xdoc_set_value_number(folio_xdoc *doc, unsigned slot, double value)
{
    return guard("setting value", [&] {
        doc->doc.add_value(slot, Xapian::sortable_serialise(value));
        return 0;
    });
}

int folio_xdoc_set_data(folio_xdoc *doc, const char *data, size_t len)
{
    return guard("setting document data", [&] {
        doc->doc.set_data(std::string(data, len));
        return 0;
    });
}

int folio_xdb_replace(folio_xdb *db, const char *id_term, folio_xdoc *doc, int *out_replaced)
{
    return guard_at(db->path.c_str(), "storing document", [&] {
        if (!db->write)
            return read_only();
        if (out_replaced)
            *out_replaced = db->write->term_exists(id_term);
        db->write->replace_document(id_term, doc->doc);
        return 0;
    });
}

int folio_xdb_delete(folio_xdb *db, const char *id_term, int *out_deleted)
{
    return guard_at(db->path.c_str(), "deleting document", [&] {
        if (!db->write)
            return read_only();
        int exists = db->write->term_exists(id_term);
        if (exists)
            db->write->delete_document(id_term);
        if (out_deleted)
            *out_deleted = exists;
        return 0;
    });
}

int folio_xdb_add_spelling(folio_xdb *db, const folio_xdoc *doc, const char *const *prefixes, size_t nprefixes)
{
    return guard_at(db->path.c_str(), "adding spelling data", [&] {
        if (!db->write)
            return read_only();
        for (Xapian::TermIterator t = doc->doc.termlist_begin(); t != doc->doc.termlist_end(); ++t) {
            const std::string term = *t;
            for (size_t i = 0; i < nprefixes; i++) {
                const size_t n = std::strlen(prefixes[i]);
                if (term.size() > n && term.compare(0, n, prefixes[i]) == 0 && !(term[n] >= 'A' && term[n] <= 'Z')) {
                    db->write->add_spelling(term.substr(n), t.get_wdf());
                    break;
                }
            }
        }
        return 0;
    });
}

int folio_xdb_spelling_suggestion(folio_xdb *db, const char *word, char **out)
{
    *out = nullptr;
    return guard("spelling suggestion", [&] {
        std::string suggestion;
        try {
            suggestion = db->read->get_spelling_suggestion(word, 2);
        } catch (const Xapian::UnimplementedError &) {
            // The remote backend keeps no spelling data: no suggestion rather than an error.
        }
        *out = copy_string(suggestion);
        return 0;
    });
}

int folio_xdb_get_data(folio_xdb *db, const char *id_term, char **out, size_t *out_len)
{
    *out = nullptr;
    return guard("reading document", [&] {
        Xapian::PostingIterator p = db->read->postlist_begin(id_term);
        if (p == db->read->postlist_end(id_term))
            return folio_error_set(FOLIO_ENOTFOUND, "no document with that id");
        const std::string data = db->read->get_document(*p).get_data();
        *out = copy_string(data);
        *out_len = data.size();
        return 0;
    });
}

/* ---- Queries ---- */

folio_xquery *folio_xquery_term(const char *term, size_t len)
{
    return guard_query([&] { return Xapian::Query(std::string(term, len)); });
}

folio_xquery *folio_xquery_match_all(void)
{
    return guard_query([] { return Xapian::Query::MatchAll; });
}

folio_xquery *folio_xquery_match_nothing(void)
{
    return guard_query([] { return Xapian::Query::MatchNothing; });
}

folio_xquery *folio_xquery_combine(folio_xop op, folio_xquery **operands, size_t n, unsigned window)
{
    bool complete = true;
    for (size_t i = 0; i < n; i++)
        complete = complete && operands[i];
    folio_xquery *q = nullptr;
    if (complete) {
        q = guard_query([&] {
            std::vector<Xapian::Query> subs;
            subs.reserve(n);
            for (size_t i = 0; i < n; i++)
                subs.push_back(operands[i]->query);
            return Xapian::Query(xapian_op(op), subs.begin(), subs.end(), window);
        });
    }
    for (size_t i = 0; i < n; i++)
        delete operands[i];
    return q;
}

folio_xquery *folio_xquery_scale(folio_xquery *q, double factor)
{
    if (!q)
        return nullptr;
    folio_xquery *scaled = guard_query([&] { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->query, factor); });
    delete q;
    return scaled;
}

folio_xquery *folio_xquery_number_range(unsigned slot, double lo, double hi)
{
    return guard_query([&] {
        // Every stored number is a non-empty string, so ">= \0" is "has a value" (an empty bound would
        // match documents without one too).
        if (std::isinf(lo) && std::isinf(hi))
            return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string(1, '\0'));
        if (std::isinf(lo))
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, Xapian::sortable_serialise(hi));
        if (std::isinf(hi))
            return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, Xapian::sortable_serialise(lo));
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, Xapian::sortable_serialise(lo),
                             Xapian::sortable_serialise(hi));
    });
}

folio_xquery *folio_xquery_copy(const folio_xquery *q)
{
    if (!q)
        return nullptr;
    return guard_query([&] { return q->query; });
}

void folio_xquery_free(folio_xquery *q)
{
    delete q;
}

int folio_xquery_describe(const folio_xquery *q, char **out)
{
    *out = nullptr;
    return guard("describing query", [&] {
        *out = copy_string(q->query.get_description());
        return 0;
    });
}

/* ---- Running a query ---- */

// The hits of mset by weight x 0.5^(age / half_life) (folio_xrun_options), with that weight. Ordered by
// the log of it, where factors too small for a double still order; a weightless query (every weight 0)
// orders by the factor alone.
static std::vector<std::pair<double, Xapian::MSetIterator>> by_recency(const Xapian::MSet &mset,
                                                                       const folio_xrun_options *opts)
{
    struct ranked {
        double key, weight;
        Xapian::MSetIterator m;
    };
    std::vector<ranked> all;
    mset.fetch(); // every document in one go (one round trip to each remote shard, not one per hit)
    bool weightless = mset.empty() || mset.begin().get_weight() <= 0;
    const double undated = -std::numeric_limits<double>::infinity();
    for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m) {
        std::string date = m.get_document().get_value(opts->date_slot);
        double log_factor = date.empty() ? undated
                                         : folio_recency_log_factor(opts->now - Xapian::sortable_unserialise(date),
                                                                    opts->half_life);
        double w = m.get_weight();
        double log_weight = weightless ? 0 : w > 0 ? std::log(w) : undated;
        all.push_back({log_weight + log_factor, weightless ? std::exp(log_factor) : w * std::exp(log_factor), m});
    }
    std::stable_sort(all.begin(), all.end(), [](const ranked &x, const ranked &y) { return x.key > y.key; });
    std::vector<std::pair<double, Xapian::MSetIterator>> order;
    for (const auto &r : all)
        order.emplace_back(r.weight, r.m);
    return order;
}

// The totals of a collapsed run from the spy on its collapse key, which saw every match it checked:
// exact when that was all of them (fewer than check_at_least, or as many as Xapian's upper bound).
static void count_collapsed(folio_xtotals *t, const Xapian::ValueCountMatchSpy &keys, unsigned check_at_least)
{
    uint64_t seen = keys.get_total(), collapsed = 0;
    for (Xapian::TermIterator v = keys.values_begin(); v != keys.values_end(); ++v)
        collapsed += v.get_termfreq() - 1;
    bool all = seen < check_at_least || seen >= t->upper_bound;
    t->lower_bound = seen;
    t->upper_bound = all ? seen : std::max<uint64_t>(seen, t->upper_bound);
    t->estimated = std::max<uint64_t>(seen, t->estimated);
    t->distinct_lower_bound = seen - collapsed;
    t->distinct_upper_bound = all ? seen - collapsed : std::max<uint64_t>(seen - collapsed, t->distinct_upper_bound);
}

int folio_xdb_run(folio_xdb *db, const folio_xquery *q, const folio_xrun_options *opts, folio_xhit_cb cb,
                  folio_xcount_cb count_cb, void *ctx, folio_xtotals *out_totals)
{
    return guard("searching", [&] {
        // Every hit and count is read before calling back, so a retry never hands the caller the same
        // hit twice.
        struct hit {
            double weight;
            std::string record, key;
            uint64_t collapsed;
        };
        std::vector<hit> hits;
        std::vector<std::vector<std::pair<std::string, Xapian::doccount>>> counts(opts->ncount_slots);
        with_retries(db, [&] {
            Xapian::Enquire enquire(*db->read);
            enquire.set_query(q->query);
            if (opts->count_only) {
                // No order either: a tie-break would read a value of every match, and keep the run
                // from stopping once check_at_least matches are found.
                enquire.set_weighting_scheme(Xapian::BoolWeight());
            } else {
                set_bm25(enquire, opts);
                switch (opts->sort) {
                case FOLIO_XSORT_RELEVANCE:
                    enquire.set_sort_by_relevance_then_value(opts->tiebreak_slot, false);
                    break;
                case FOLIO_XSORT_VALUE:
                    enquire.set_sort_by_value(opts->sort_slot, false);
                    break;
                }
            }
            std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
            for (size_t i = 0; i < opts->ncount_slots; i++) {
                spies.emplace_back(new Xapian::ValueCountMatchSpy(opts->count_slots[i]));
                enquire.add_matchspy(spies.back().get());
            }
            bool collapse = opts->collapse && !opts->count_only;
            // With a collapse key, Xapian 1.4's bounds on the matches are loose even when every match
            // was checked (36 to 120 for 42 matches): a spy on the key counts them instead.
            Xapian::ValueCountMatchSpy keys(opts->collapse_slot);
            if (collapse) {
                enquire.set_collapse_key(opts->collapse_slot, opts->collapse_max ? opts->collapse_max : 1);
                enquire.add_matchspy(&keys);
            }
            bool rerank = !opts->count_only && opts->sort == FOLIO_XSORT_RELEVANCE && opts->half_life > 0;
            Xapian::MSet mset = rerank ? enquire.get_mset(0, std::max(opts->rerank_depth, opts->offset + opts->limit),
                                                          opts->check_at_least)
                                       : enquire.get_mset(opts->offset, opts->limit, opts->check_at_least);
            folio_xtotals totals = {mset.get_uncollapsed_matches_estimated(), mset.get_uncollapsed_matches_lower_bound(),
                                    mset.get_uncollapsed_matches_upper_bound(), mset.get_matches_lower_bound(),
                                    mset.get_matches_upper_bound()};
            if (collapse)
                count_collapsed(&totals, keys, opts->check_at_least);
            hits.clear();
            if (totals.lower_bound >= opts->hits_from_total) {
                std::vector<std::pair<double, Xapian::MSetIterator>> order;
                if (rerank)
                    order = by_recency(mset, opts);
                else
                    for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m)
                        order.emplace_back(m.get_weight(), m);
                size_t from = rerank ? std::min<size_t>(opts->offset, order.size()) : 0;
                size_t to = rerank ? std::min<size_t>(from + opts->limit, order.size()) : order.size();
                for (size_t i = from; i < to; i++) {
                    Xapian::Document doc = order[i].second.get_document();
                    std::string record = doc.get_value(opts->record_slot);
                    hits.push_back({order[i].first, record.empty() ? doc.get_data() : std::move(record),
                                    collapse ? order[i].second.get_collapse_key() : std::string(),
                                    collapse ? order[i].second.get_collapse_count() : 0});
                }
            }
            for (size_t i = 0; i < spies.size(); i++) {
                counts[i].clear();
                for (Xapian::TermIterator v = spies[i]->values_begin(); v != spies[i]->values_end(); ++v)
                    counts[i].emplace_back(*v, v.get_termfreq());
            }
            if (out_totals)
                *out_totals = totals;
        });
        for (const auto &h : hits) {
            folio_xgroup group = {h.key.data(), h.key.size(), h.collapsed};
            int rc = cb(ctx, h.weight, h.record.data(), h.record.size(), opts->collapse ? &group : nullptr);
            if (rc)
                return rc;
        }
        for (size_t i = 0; i < counts.size(); i++) {
            for (const auto &value : counts[i]) {
                int rc = count_cb(ctx, i, value.first.data(), value.first.size(), value.second);
                if (rc)
                    return rc;
            }
        }
        return 0;
    });
}

int folio_xdb_expand(folio_xdb *db, const folio_xquery *q, const folio_xrun_options *opts, unsigned ndocs,
                     unsigned nterms, folio_xexpand_cb cb, void *ctx, unsigned *out_docs)
{
    *out_docs = 0;
    return guard("expanding query", [&] {
        std::vector<std::pair<std::string, double>> terms;
        with_retries(db, [&] {
            terms.clear();
            *out_docs = 0;
            Xapian::Enquire enquire(*db->read);
            enquire.set_query(q->query);
            set_bm25(enquire, opts);
            if (opts->expand_bo1)
                enquire.set_expansion_scheme("bo1");
            enquire.set_sort_by_relevance_then_value(opts->tiebreak_slot, false);
            Xapian::MSet top = enquire.get_mset(0, ndocs);
            Xapian::RSet relevant;
            for (Xapian::MSetIterator m = top.begin(); m != top.end(); ++m)
                if (m.get_weight() >= opts->expand_min_share * top.begin().get_weight())
                    relevant.add_document(*m);
            if (relevant.empty())
                return;
            *out_docs = (unsigned)relevant.size();
            terms = expansion_terms(enquire, relevant, nterms);
        });
        return call_back_terms(terms, cb, ctx);
    });
}

int folio_xdb_expand_document(folio_xdb *db, const char *key_term, const folio_xrun_options *opts, unsigned nterms,
                              folio_xexpand_cb cb, void *ctx)
{
    return guard("finding similar documents", [&] {
        std::vector<std::pair<std::string, double>> terms;
        bool found = false;
        with_retries(db, [&] {
            terms.clear();
            // The docid of the combined database: over shards it says which shard holds the document.
            Xapian::PostingIterator p = db->read->postlist_begin(key_term);
            found = p != db->read->postlist_end(key_term);
            if (!found)
                return;
            Xapian::Enquire enquire(*db->read);
            if (opts->expand_bo1)
                enquire.set_expansion_scheme("bo1");
            Xapian::RSet relevant;
            relevant.add_document(*p);
            terms = expansion_terms(enquire, relevant, nterms);
        });
        if (!found)
            return folio_error_set(FOLIO_ENOTFOUND, "no document holds that term");
        return call_back_terms(terms, cb, ctx);
    });
}

/* ---- Indexing support ---- */

int folio_xdb_open_build(folio_xdb **out, const char *path)
{
    *out = nullptr;
    return guard("opening database for a build", [&] {
        folio_xdb *db = new folio_xdb;
        try {
            db->write = new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
            db->read = db->write;
            db->path = path;
            db->write->begin_transaction(false);
        } catch (...) {
            delete db->write;
            delete db;
            throw;
        }
        *out = db;
        return 0;
    });
}

int folio_xdb_get_value(folio_xdb *db, const char *term, unsigned slot, char **out, size_t *out_len)
{
    *out = nullptr;
    return guard("reading a value", [&] {
        Xapian::PostingIterator p = db->read->postlist_begin(term);
        if (p == db->read->postlist_end(term))
            return folio_error_set(FOLIO_ENOTFOUND, "no document holds that term");
        const std::string value = db->read->get_document(*p, Xapian::DOC_ASSUME_VALID).get_value(slot);
        *out = copy_string(value);
        *out_len = value.size();
        return 0;
    });
}

int folio_xdb_update_value(folio_xdb *db, const char *term, unsigned slot, const char *value, size_t len)
{
    return guard_at(db->path.c_str(), "updating a value", [&] {
        if (!db->write)
            return read_only();
        std::vector<Xapian::docid> ids(db->write->postlist_begin(term), db->write->postlist_end(term));
        if (ids.empty())
            return folio_error_set(FOLIO_ENOTFOUND, "no document holds that term");
        for (Xapian::docid id : ids) {
            // Glass rewrites only the values of a document whose terms did not change.
            Xapian::Document doc = db->write->get_document(id);
            doc.add_value(slot, std::string(value, len));
            db->write->replace_document(id, doc);
        }
        return 0;
    });
}

int folio_xdb_each_document(folio_xdb *db, const char *term, const unsigned *slots, size_t nslots,
                            folio_xvalues_cb cb, void *ctx)
{
    return guard("listing documents", [&] {
        std::vector<std::string> values(nslots);
        std::vector<const char *> ptrs(nslots);
        std::vector<size_t> lens(nslots);
        for (Xapian::PostingIterator p = db->read->postlist_begin(term); p != db->read->postlist_end(term); ++p) {
            Xapian::Document doc = db->read->get_document(*p, Xapian::DOC_ASSUME_VALID);
            for (size_t i = 0; i < nslots; i++) {
                values[i] = doc.get_value(slots[i]);
                ptrs[i] = values[i].c_str();
                lens[i] = values[i].size();
            }
            int rc = cb(ctx, ptrs.data(), lens.data());
            if (rc)
                return rc;
        }
        return 0;
    });
}

int folio_xdb_spelling_from_terms(folio_xdb *db, const char *const *prefixes, size_t nprefixes)
{
    return guard_at(db->path.c_str(), "adding spelling data", [&] {
        if (!db->write)
            return read_only();
        for (size_t i = 0; i < nprefixes; i++) {
            const std::string prefix(prefixes[i]);
            for (Xapian::TermIterator t = db->write->allterms_begin(prefix); t != db->write->allterms_end(prefix); ++t) {
                const std::string term = *t;
                if (term.size() > prefix.size() && !(term[prefix.size()] >= 'A' && term[prefix.size()] <= 'Z'))
                    db->write->add_spelling(term.substr(prefix.size()), db->write->get_collection_freq(term));
            }
        }
        return 0;
    });
}

int folio_xdb_keep_last(folio_xdb *db, const char *prefix, uint64_t *out_deleted)
{
    if (out_deleted)
        *out_deleted = 0;
    return guard_at(db->path.c_str(), "removing repeated documents", [&] {
        if (!db->write)
            return read_only();
        std::vector<Xapian::docid> older;
        for (Xapian::TermIterator t = db->write->allterms_begin(prefix); t != db->write->allterms_end(prefix); ++t) {
            if (t.get_termfreq() < 2)
                continue;
            // A posting list is in docid order: all but its last are older versions.
            std::vector<Xapian::docid> ids(db->write->postlist_begin(*t), db->write->postlist_end(*t));
            older.insert(older.end(), ids.begin(), ids.end() - 1);
        }
        for (Xapian::docid id : older)
            db->write->delete_document(id);
        if (out_deleted)
            *out_deleted = older.size();
        return 0;
    });
}

namespace {

// Hands metadata present in several sources of a compaction to the caller's merge function.
class MetadataMerger : public Xapian::Compactor {
  public:
    MetadataMerger(folio_xmeta_merge_cb merge, void *ctx) : merge_(merge), ctx_(ctx) {}
    std::string resolve_duplicate_metadata(const std::string &key, size_t num_tags, const std::string tags[]) override
    {
        if (!merge_)
            return tags[0];
        std::vector<const char *> values(num_tags);
        for (size_t i = 0; i < num_tags; i++)
            values[i] = tags[i].c_str();
        // Glass hands over its internal key: the user's key after a two-byte prefix ("\0\xc0").
        static const std::string glass_prefix("\0\xc0", 2);
        const std::string name = key.compare(0, 2, glass_prefix) == 0 ? key.substr(2) : key;
        char *merged = merge_(ctx_, name.c_str(), values.data(), num_tags);
        if (!merged)
            throw std::bad_alloc();
        std::string result(merged);
        std::free(merged);
        return result;
    }

  private:
    folio_xmeta_merge_cb merge_;
    void *ctx_;
};

} // namespace

int folio_xdb_compact(const char *dest, const char *const *sources, size_t n, folio_xmeta_merge_cb merge, void *ctx)
{
    return guard_at(dest, "compacting", [&] {
        if (n == 0)
            return folio_error_set(FOLIO_EINVALID, "compacting: no source database");
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(sources[i]));
        MetadataMerger merger(merge, ctx);
        all.compact(dest, Xapian::Compactor::FULL, 0, merger);
        return 0;
    });
}

} // extern "C"
