// xapian_anchor — the Xapian anchor of the relevance evaluation (bench/eval/run.sh).
//
//   xapian_anchor index DB DOCS.tsv     builds DB from ID<TAB>TITLE<TAB>BODY lines
//   xapian_anchor run DB QUERIES.tsv    prints a TREC run (top 1000) for QID<TAB>TEXT lines
//
// Xapian 1.4 as ../shared/README.md describes its anchor: TermGenerator with the English stemmer over
// title and body (one field, the body 100 positions after the title), QueryParser with the English
// stemmer and OR as the default operator over the query's words, Enquire with BM25Weight's defaults.
// The query text is lower-cased first so that a question's "AND"/"OR"/"NOT" are words, not operators.
#include <xapian.h>

#include <cctype>
#include <fstream>
#include <iostream>
#include <string>

namespace {

bool split3(const std::string &line, std::string f[3])
{
    size_t a = line.find('\t');
    if (a == std::string::npos)
        return false;
    size_t b = line.find('\t', a + 1);
    f[0] = line.substr(0, a);
    f[1] = b == std::string::npos ? std::string() : line.substr(a + 1, b - a - 1);
    f[2] = b == std::string::npos ? line.substr(a + 1) : line.substr(b + 1);
    return true;
}

int build(const char *db_path, const char *docs_path)
{
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    std::ifstream in(docs_path);
    std::string line, f[3];
    while (std::getline(in, line)) {
        if (!split3(line, f))
            continue;
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(f[1]);
        tg.increase_termpos(100);
        tg.index_text(f[2]);
        doc.set_data(f[0]);
        doc.add_boolean_term("Q" + f[0]);
        db.replace_document("Q" + f[0], doc);
    }
    db.commit();
    return 0;
}

int run(const char *db_path, const char *queries_path)
{
    Xapian::Database db(db_path);
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_OR);
    qp.set_database(db);
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    std::ifstream in(queries_path);
    std::string line;
    while (std::getline(in, line)) {
        size_t tab = line.find('\t');
        if (tab == std::string::npos)
            continue;
        std::string qid = line.substr(0, tab), text = line.substr(tab + 1);
        for (char &ch : text)
            ch = (char)std::tolower((unsigned char)ch);
        enquire.set_query(qp.parse_query(text, 0));
        Xapian::MSet mset = enquire.get_mset(0, 1000);
        unsigned rank = 0;
        for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m)
            std::cout << qid << " Q0 " << m.get_document().get_data() << ' ' << ++rank << ' ' << m.get_weight()
                      << " xapian\n";
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::cerr << "usage: xapian_anchor index DB DOCS.tsv | run DB QUERIES.tsv\n";
        return 2;
    }
    try {
        std::string verb = argv[1];
        if (verb == "index")
            return build(argv[2], argv[3]);
        if (verb == "run")
            return run(argv[2], argv[3]);
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian_anchor: " << e.get_description() << "\n";
        return 1;
    }
    std::cerr << "xapian_anchor: unknown verb " << argv[1] << "\n";
    return 2;
}
