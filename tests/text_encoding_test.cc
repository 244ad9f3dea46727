// Decoding files to UTF-8: byte-order marks, UTF-16, declared and detected charsets.
#include "indexer/article_reader.h"
#include "indexer/text_encoding.h"
#include "test_support.h"

#include <newsdex/index.h>

#include <doctest/doctest.h>

using namespace newsdex;

namespace {

std::string fixture(const std::string& name) { return read_file(source_path("tests/data/ingest/" + name)); }

}  // namespace

TEST_CASE("UTF-8 stays as it is, with or without a byte-order mark") {
    std::string charset;
    CHECK(to_utf8("Caf\xC3\xA9", charset) == "Caf\xC3\xA9");
    CHECK(charset == "UTF-8");
    CHECK(to_utf8("\xEF\xBB\xBFHello", charset) == "Hello");
    CHECK(charset == "UTF-8");
    CHECK(to_utf8("", charset).empty());
    CHECK(charset == "UTF-8");
}

TEST_CASE("UTF-16 with a byte-order mark, little and big endian") {
    std::string charset;
    CHECK(to_utf8(std::string("\xFF\xFEH\0i\0 \0\xE9\0", 10), charset) == "Hi \xC3\xA9");
    CHECK(charset == "UTF-16LE");
    CHECK(to_utf8(std::string("\xFE\xFF\0H\0i\x04\x10", 8), charset) == "Hi\xD0\x90");
    CHECK(charset == "UTF-16BE");
}

TEST_CASE("UTF-16 without a byte-order mark is recognised by its NULs") {
    std::string charset;
    CHECK(to_utf8(std::string("T\0i\0t\0l\0e\0", 10), charset) == "Title");
    CHECK(charset == "UTF-16LE");
    CHECK(to_utf8(std::string("\0T\0i\0t\0l\0e", 10), charset) == "Title");
    CHECK(charset == "UTF-16BE");
    CHECK(looks_like_utf16(std::string("T\0i\0t\0l\0e\0", 10)));
    CHECK_FALSE(looks_like_utf16(std::string("\x89PNG\0\0\0\0\0\0\0\0\0\0", 14)));  // NULs on both sides
    CHECK_FALSE(looks_like_utf16("plain text"));
}

TEST_CASE("Windows-1252 with curly quotes, dashes and accents is detected and decoded") {
    const DecodedText decoded = decode_text(fixture("windows1252_article.txt"));
    CHECK(decoded.charset == "windows-1252");
    CHECK(decoded.guessed);
    CHECK(decoded.replaced == 0);
    CHECK(decoded.text.rfind("Title: Caf\u00e9 owners in Z\u00fcrich protest \u201cunfair\u201d rent rises\n", 0) == 0);
    CHECK(decoded.text.find("\u201cWe can\u2019t go on like this,\u201d said Ren\u00e9e M\u00fcller") != std::string::npos);
    CHECK(decoded.text.find("Z\u00dcRICH, March 12 \u2013 Owners") != std::string::npos);
}

TEST_CASE("Latin-1 is read as its superset windows-1252") {
    const DecodedText decoded = decode_text("Caf\xE9 society in Z\xFCrich \x93quoted\x94", "iso-8859-1");
    CHECK(decoded.charset == "windows-1252");
    CHECK(decoded.text == "Caf\u00e9 society in Z\u00fcrich \u201cquoted\u201d");
}

TEST_CASE("Russian in KOI8-R is detected") {
    const DecodedText decoded = decode_text(fixture("russian_koi8r_article.txt"));
    CHECK(decoded.charset == "KOI8-R");
    CHECK(decoded.text.rfind("Title: Белоруссия стала десятым членом ШОС\n", 0) == 0);
    CHECK(decoded.text.find("Касым-Жомарт Токаев") != std::string::npos);
}

TEST_CASE("a declared charset is honoured, unless the bytes are UTF-8 or the charset unknown") {
    const std::string cp1251 = "\xcf\xf0\xe8\xe2\xe5\xf2";  // "Привет" in windows-1251
    CHECK(decode_text(cp1251, "windows-1251").text == "Привет");
    CHECK(decode_text(cp1251, "windows-1251").charset == "windows-1251");
    CHECK(decode_text(cp1251, "windows-1251").guessed == false);
    CHECK(decode_text("Привет", "windows-1251").text == "Привет");  // UTF-8 saved under an old declaration
    CHECK(decode_text("Caf\xE9", "no-such-charset").text == "Caf\u00e9");
}

TEST_CASE("the charset a page declares, in either form") {
    CHECK(declared_html_charset("<html><head><meta charset=\"Windows-1251\">") == "windows-1251");
    CHECK(declared_html_charset("<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>") == "koi8-r");
    CHECK(declared_html_charset("<META CHARSET=utf-8/>") == "utf-8");
    CHECK(declared_html_charset("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<html>") == "iso-8859-1");
    CHECK(declared_html_charset("<html><body>charset=x</body>").empty());
}

TEST_CASE("damaged UTF-8 is repaired, not taken for another charset") {
    const DecodedText decoded = decode_text("\xC3\xA9t\xC3\xA9 \xE9t\xC3\xA9");
    CHECK(decoded.charset == "UTF-8");
    CHECK(decoded.replaced == 1);
    CHECK(decoded.text == "\u00e9t\u00e9 \ufffdt\u00e9");
}

TEST_CASE("UTF-16 files are read, not refused as binary") {
    for (const char* name : {"utf16le_bom_article.txt", "utf16le_nobom_article.txt"}) {
        CAPTURE(name);
        const FileContents contents = read_article_file(source_path(std::string("tests/data/ingest/") + name), name, {});
        REQUIRE(contents.articles.size() == 1);
        const Article& a = contents.articles[0].article;
        CHECK(contents.charset == "UTF-16LE");
        CHECK(contents.notes.empty());
        CHECK(a.title == "Astana summit closes with a joint declaration");
        CHECK(a.date == "2024-07-05");
        CHECK(a.source == "Steppe Wire");
        CHECK(a.body.find("\u00abA new page\u00bb, said one delegate.") != std::string::npos);
    }
}

TEST_CASE("legacy-encoded files are read with their charset noted") {
    const FileContents western =
        read_article_file(source_path("tests/data/ingest/windows1252_article.txt"), "w.txt", {});
    REQUIRE(western.articles.size() == 1);
    CHECK(western.charset == "windows-1252");
    CHECK(western.notes == std::vector<std::string>{"read as windows-1252 (detected)"});
    CHECK(western.articles[0].article.title == "Caf\u00e9 owners in Z\u00fcrich protest \u201cunfair\u201d rent rises");
    CHECK(western.articles[0].article.date == "2024-03-12");
    CHECK(western.articles[0].article.source == "Limmat Courier");

    const FileContents russian =
        read_article_file(source_path("tests/data/ingest/russian_koi8r_article.txt"), "ru.txt", {});
    REQUIRE(russian.articles.size() == 1);
    CHECK(russian.charset == "KOI8-R");
    CHECK(russian.articles[0].article.title == "Белоруссия стала десятым членом ШОС");
    CHECK(russian.articles[0].article.source == "Степные вести");
}

TEST_CASE("NULs in otherwise valid text are replaced and counted") {
    const DecodedText decoded = decode_text(std::string("a\0b", 3));
    CHECK(decoded.text == "a\ufffdb");
    CHECK(decoded.replaced == 1);
    CHECK(decoded.nul_bytes == 1);
    CHECK(decode_text("a\xFF b").nul_bytes == 0);  // an invalid byte is not a NUL
}
