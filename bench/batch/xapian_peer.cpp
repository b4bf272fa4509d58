// xapian_peer — the bare-Xapian runner of the batch benchmark (bench/batch/run.sh).
//
//   xapian_peer index DB DOCS.tsv      builds DB from ID<TAB>TITLE<TAB>BODY lines
//   xapian_peer search DB QUERIES.tsv  answers QID<TAB>QUERY lines; prints QID<TAB>MS<TAB>TOTAL
//
// Xapian as an application would use it out of the box: TermGenerator with the English stemmer (title
// words at weight 2, body 100 positions later so phrases do not cross), QueryParser (AND by default,
// phrases, boolean operators), Enquire with the default BM25Weight, the top 10 with MSet::snippet() of
// about 160 bytes from the body. Totals follow folio's policy: exact up to 10,000 matches
// (checkatleast). The time of each query is taken inside the process, parse to last snippet.
#include <xapian.h>

#include <time.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

namespace {

const unsigned TOP = 10;
const unsigned EXACT_UP_TO = 10000;
const size_t SNIPPET_BYTES = 160;

double now_ms()
{
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// Splits a line into n tab-separated fields (the last takes the rest); false when one is missing.
bool split(const std::string &line, std::string *fields, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        size_t tab = i + 1 < n ? line.find('\t', start) : std::string::npos;
        if (i + 1 < n && tab == std::string::npos)
            return false;
        fields[i] = line.substr(start, tab == std::string::npos ? std::string::npos : tab - start);
        start = tab + 1;
    }
    return true;
}

int build(const char *db_path, const char *docs_path)
{
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    std::ifstream in(docs_path);
    std::string line, f[3];
    unsigned n = 0;
    while (std::getline(in, line)) {
        if (!split(line, f, 3))
            continue;
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(f[1], 2);
        tg.increase_termpos(100);
        tg.index_text(f[2]);
        doc.add_boolean_term("Q" + f[0]);
        doc.set_data(f[0] + '\t' + f[1] + '\t' + f[2]);
        db.replace_document("Q" + f[0], doc);
        n++;
    }
    db.commit();
    std::fprintf(stderr, "xapian_peer: %u documents indexed\n", n);
    return 0;
}

int search(const char *db_path, const char *queries_path)
{
    Xapian::Database db(db_path);
    Xapian::Enquire enquire(db);
    Xapian::Stem stem("english");
    Xapian::QueryParser qp;
    qp.set_database(db);
    qp.set_stemmer(stem);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);
    const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                           Xapian::QueryParser::FLAG_LOVEHATE;
    std::ifstream in(queries_path);
    std::string line, f[2];
    size_t snippet_bytes = 0; // used, so the snippets cannot be optimised away
    while (std::getline(in, line)) {
        if (!split(line, f, 2))
            continue;
        double start = now_ms();
        enquire.set_query(qp.parse_query(f[1], flags));
        Xapian::MSet mset = enquire.get_mset(0, TOP, EXACT_UP_TO);
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
            std::string data = it.get_document().get_data();
            size_t body = data.find('\t', data.find('\t') + 1);
            snippet_bytes += mset.snippet(data.substr(body + 1), SNIPPET_BYTES, stem).size();
        }
        double ms = now_ms() - start;
        std::printf("%s\t%.4f\t%u\n", f[0].c_str(), ms, mset.get_matches_estimated());
    }
    std::fprintf(stderr, "xapian_peer: %zu snippet bytes\n", snippet_bytes);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: xapian_peer index DB DOCS.tsv | search DB QUERIES.tsv\n");
        return 2;
    }
    try {
        std::string mode = argv[1];
        if (mode == "index")
            return build(argv[2], argv[3]);
        if (mode == "search")
            return search(argv[2], argv[3]);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian_peer: %s\n", e.get_description().c_str());
        return 2;
    }
    std::fprintf(stderr, "xapian_peer: unknown mode %s\n", argv[1]);
    return 2;
}
