"""Copies of JSON Lines documents without their `lang` (or `language`), to measure --language auto."""
import json

def strip_lang(src, dst):
    """Writes the documents of src to dst without `lang` and `language`; returns dst."""
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for line in f:
            d = json.loads(line)
            d.pop("lang", None)
            d.pop("language", None)
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
    return dst
