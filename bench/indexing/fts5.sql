-- SQLite FTS5 for the indexing benchmark (bench/indexing/run.sh): title and body, the porter stemmer
-- over unicode61, positions (FTS5's default detail=full), content stored; one transaction, then
-- 'optimize' (REFERENCE.md's set-up). @CORPUS@ is replaced by the JSON Lines file.
CREATE TEMP TABLE raw(line TEXT);
.mode ascii
.separator "\037" "\n"
.import @CORPUS@ raw
BEGIN;
CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61');
INSERT INTO docs SELECT json_extract(line, '$.id'), json_extract(line, '$.title'), json_extract(line, '$.body') FROM raw;
INSERT INTO docs(docs) VALUES('optimize');
COMMIT;
