// Tests of the transliteration of names to Latin. The expected forms were
// written by reading each name letter by letter with the conventions in
// romanise.h (Thai/Lao RTGS-like, Khmer with consonant series, Sinhala and
// Bengali with inherent "a", Burmese conventional name spellings) or, for
// scripts left to ICU, its documented letter values (Arabic consonants,
// pinyin, ISO 15919 for Tamil) — not from running the code.
#include "text/transliterate.h"

#include <gtest/gtest.h>

namespace disrupt::text {
namespace {

struct Case {
  const char* script;
  const char* name;
  const char* latin;
};

class ToLatinTest : public ::testing::TestWithParam<Case> {};

TEST_P(ToLatinTest, Romanises) {
  const Case& c = GetParam();
  EXPECT_EQ(ToLatin(c.name), c.latin) << c.script << ": " << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Names, ToLatinTest,
    ::testing::Values(
        // Thai: unwritten vowels restored, preposed vowels, final consonant values, silent letters.
        Case{"thai", "สมชาย ศรีสุข", "somchai srisuk"}, Case{"thai", "สมศักดิ์", "somsak"},
        Case{"thai", "วิชัย", "wichai"}, Case{"thai", "บุญมี", "bunmi"}, Case{"thai", "มาลี", "mali"},
        Case{"thai", "ประยุทธ์", "prayut"}, Case{"thai", "ขนม", "khanom"},
        // Lao (ICU leaves it untouched).
        Case{"lao", "ສົມສັກ", "somsak"}, Case{"lao", "ບຸນມີ", "bunmi"}, Case{"lao", "ພົມມະວົງ", "phommavong"},
        // Khmer (ICU leaves it untouched): the series shifter turns ហ into second series.
        Case{"khmer", "ហ៊ុន សែន", "hun sen"}, Case{"khmer", "សុខ", "sok"}, Case{"khmer", "ចាន់", "chan"},
        Case{"khmer", "សុផល", "sophal"},
        // Sinhala (ICU leaves it untouched).
        Case{"sinhala", "ගමගේ", "gamage"}, Case{"sinhala", "පෙරේරා", "perera"},
        Case{"sinhala", "විජේසිංහ", "wijesinha"}, Case{"sinhala", "රාජපක්ෂ", "rajapaksha"},
        // Bengali: final and medial inherent vowels dropped.
        Case{"bengali", "রহমান", "rahman"}, Case{"bengali", "আহমেদ", "ahmed"}, Case{"bengali", "করিম", "karim"},
        Case{"bengali", "হাসিনা", "hasina"}, Case{"bengali", "মোহাম্মদ", "mohammad"},
        // Burmese: one word per syllable.
        Case{"burmese", "ဦးသိန်းစိန်", "u thein sein"}, Case{"burmese", "အောင်ဆန်းစုကြည်", "aung san su kyi"},
        Case{"burmese", "မင်းအောင်လှိုင်", "min aung hlaing"},
        // Scripts left to ICU.
        Case{"tamil", "கருணாநிதி", "karunaniti"}, Case{"arabic", "محمد رحيمي", "mhmd rhymy"},
        Case{"persian", "حسین", "hsyn"}, Case{"urdu", "عمران خان", "mran khan"},
        Case{"chinese", "王小明", "wang xiao ming"}, Case{"latin", "Nguyễn Văn Thành", "nguyen van thanh"},
        Case{"latin", "Muñoz-Pérez", "munoz perez"}));

TEST(ToLatinTest, MixedScriptsKeepWordBoundaries) {
  EXPECT_EQ(ToLatin("Somchai สมชาย"), "somchai somchai");
  EXPECT_EQ(ToLatin("ගමගේ / Gamage"), "gamage   gamage");
}

TEST(ToLatinTest, DecomposedInputIsNormalisedFirst) {
  // "o" + combining sign: Bengali ো written as ে + া.
  EXPECT_EQ(ToLatin("\u09AE\u09C7\u09BE\u09B9\u09BE\u09AE\u09CD\u09AE\u09A6"), "mohammad");
}

TEST(ToLatinTest, InvalidUtf8DoesNotCrash) {
  std::string bad = "abc\xff\xfe";
  EXPECT_EQ(ToLatin(bad), "abc");
  EXPECT_EQ(ToLatin(std::string("\xe0\xb8", 2)), "");
}

TEST(LatinWordsTest, SplitsOnNonLetters) {
  EXPECT_EQ(LatinWords("ហ៊ុន សែន"), (std::vector<std::string>{"hun", "sen"}));
  EXPECT_EQ(LatinWords("  O'Brien, Mary-Ann "), (std::vector<std::string>{"obrien", "mary", "ann"}));
}

TEST(ConsonantSkeletonTest, ArabicScriptNamesMeetTheirRomanisations) {
  // "Mohammad Rahimi" in Arabic script and in Latin share their skeletons.
  auto latin = LatinWords("محمد رحيمي");
  ASSERT_EQ(latin.size(), 2u);
  EXPECT_EQ(ConsonantSkeleton(latin[0]), ConsonantSkeleton("mohammad"));
  EXPECT_EQ(ConsonantSkeleton(latin[1]), ConsonantSkeleton("rahimi"));
  EXPECT_EQ(ConsonantSkeleton("hossein"), ConsonantSkeleton("hussain"));
}

TEST(PersianLetterValuesTest, ArabicLettersTakeTheirPersianSound) {
  // Zia written in Dari (Persian yeh): dad is said z.
  EXPECT_EQ(PersianLetterValues("ضیا"), "زیا");
  // Ziauddin with dhal, Sabet with theh, in a Persian name (Persian kaf, yeh).
  EXPECT_EQ(PersianLetterValues("ذکی ثابتی"), "زکی سابتی");
  // The same letters in an Arabic name without Persian letters keep their value.
  EXPECT_EQ(PersianLetterValues("رضا"), "رضا");
  EXPECT_EQ(PersianLetterValues("Zia Jalali"), "Zia Jalali");
}

TEST(SearchTokensTest, HoldsOriginalAndLatinForms) {
  auto tokens = SearchTokens("สมชาย");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1], "somchai");
}

}  // namespace
}  // namespace disrupt::text
