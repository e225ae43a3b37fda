// Tests of the normalisers: names (parsing, honorifics, patronymics,
// romanisation variants, phonetic keys, across scripts), phone numbers,
// documents and MRZ, dates of birth and vessel identifiers. Expected values
// come from the standards and published examples (ICAO 9303's specimen
// passport, the IMO number example 9074729, numbering plans), or from
// reading the names by hand.
#include <gtest/gtest.h>

#include "resolve/dob.h"
#include "resolve/identifiers.h"
#include "resolve/name.h"
#include "resolve/similarity.h"

namespace disrupt::resolve {
namespace {

using Tokens = std::vector<std::string>;

TEST(ParseNameTest, HonorificAndMalayPatronymic) {
  PersonName n = ParseName("", "", "Haji Mohammed bin Ismail");
  EXPECT_EQ(n.given, Tokens{"muhammad"});
  EXPECT_EQ(n.family, Tokens{"ismail"});
  EXPECT_EQ(n.honorifics, Tokens{"haji"});
  EXPECT_TRUE(n.patronymic);
  EXPECT_EQ(n.relation, "bin");
}

TEST(ParseNameTest, TamilSonOf) {
  PersonName n = ParseName("", "", "Kumar s/o Rajan");
  EXPECT_EQ(n.given, Tokens{"kumar"});
  EXPECT_EQ(n.family, Tokens{"rajan"});
  EXPECT_EQ(n.relation, "s/o");
}

TEST(ParseNameTest, BintiWithTwoGivenNames) {
  PersonName n = ParseName("", "", "Siti Nurhaliza binti Tarudin");
  EXPECT_EQ(n.given, (Tokens{"siti", "nurhaliza"}));
  EXPECT_EQ(n.family, Tokens{"tarudin"});
  EXPECT_EQ(n.relation, "binti");
}

TEST(ParseNameTest, BurmeseHonorificInScriptAndLatin) {
  PersonName latin = ParseName("", "", "U Thein Sein");
  PersonName script = ParseName("", "", "ဦးသိန်းစိန်");
  EXPECT_EQ(latin.honorifics, Tokens{"u"});
  EXPECT_EQ(latin.Tokens(), (Tokens{"thein", "sein"}));
  EXPECT_EQ(script.Tokens(), latin.Tokens());
}

TEST(ParseNameTest, SingleName) {
  PersonName n = ParseName("", "", "Sukarno");
  EXPECT_EQ(n.given, Tokens{"sukarno"});
  EXPECT_TRUE(n.family.empty());
}

TEST(ParseNameTest, ArabicCompoundsAndArticle) {
  EXPECT_EQ(ParseName("", "", "Abdul Rahman Al-Hashimi").Tokens(), (Tokens{"abdulrahman", "hashimi"}));
  EXPECT_EQ(ParseName("", "", "Abdulrahman al Hashimi").Tokens(), (Tokens{"abdulrahman", "hashimi"}));
  EXPECT_EQ(ParseName("", "", "Abdel Rahman Hashimi").Tokens(), (Tokens{"abdulrahman", "hashimi"}));
}

TEST(ParseNameTest, SeparatePartsWithParticleInFamily) {
  PersonName n = ParseName("Dr Ahmad", "bin Yusof", "");
  EXPECT_EQ(n.given, Tokens{"ahmad"});
  EXPECT_EQ(n.family, Tokens{"yusuf"});
  EXPECT_EQ(n.honorifics, Tokens{"dr"});
  EXPECT_TRUE(n.patronymic);
}

TEST(NameVariantsTest, RomanisationsShareACanonicalForm) {
  for (const char* v : {"mohammad", "muhammad", "mohamed", "mohammed", "mhmd"}) {
    EXPECT_EQ(CanonicalToken(v), "muhammad") << v;
  }
  EXPECT_EQ(CanonicalToken("hossein"), CanonicalToken("hussain"));
  EXPECT_EQ(CanonicalToken("somchai"), "somchai");
}

TEST(PhoneticKeyTest, ConsonantSkeletonsMeetAcrossScripts) {
  EXPECT_EQ(PhoneticKey("rahimi"), PhoneticKey("rhymy"));   // ICU's rendering of رحيمي
  EXPECT_EQ(PhoneticKey("karimi"), PhoneticKey("qarimi"));
  EXPECT_EQ(PhoneticKey("khan"), PhoneticKey("kan"));
  EXPECT_EQ(PhoneticKey("farooq"), PhoneticKey("faruk"));
  EXPECT_NE(PhoneticKey("rahimi"), PhoneticKey("rahman"));
}

TEST(PartSimilarityTest, SameNameAcrossScripts) {
  auto arabic = ParseName("", "", "محمد رحيمي").Tokens();
  auto latin = ParseName("", "", "Mohammad Rahimi").Tokens();
  EXPECT_GE(PartSimilarity(arabic, latin), 0.95);
  auto thai = ParseName("", "", "สมชาย ศรีสุข").Tokens();
  EXPECT_EQ(PartSimilarity(thai, ParseName("", "", "Somchai Srisuk").Tokens()), 1.0);
  auto sinhala = ParseName("", "", "ගමගේ").Tokens();
  EXPECT_EQ(PartSimilarity(sinhala, Tokens{"gamage"}), 1.0);
  EXPECT_LT(PartSimilarity(latin, ParseName("", "", "Somchai Srisuk").Tokens()), 0.7);
}

TEST(TokenSimilarityTest, RomanisationsAcrossSystemsAreSimilar) {
  // Voicing heard differently: similar (0.8), not more.
  EXPECT_GE(TokenSimilarity("rahmat", "rahmad"), 0.8);
  EXPECT_GE(TokenSimilarity("wardak", "wardag"), 0.8);
  EXPECT_GE(TokenSimilarity("qasim", "ghasem"), 0.8);
  // ICU's consonant-only Vali (ولی) against its spellings.
  EXPECT_GE(TokenSimilarity("wly", "vali"), 0.8);
  EXPECT_GE(TokenSimilarity("wly", "wali"), 0.8);
  // Different names stay different.
  EXPECT_LT(TokenSimilarity("ghulam", "karim"), 0.8);
  EXPECT_LT(TokenSimilarity("rahmat", "hamid"), 0.8);
  EXPECT_LT(TokenSimilarity("wly", "ali"), 0.8);
}

TEST(PartSimilarityTest, DariNamesMeetTheirRomanisations) {
  // ضیا جلالی (Zia Jalali) as a Dari speaker writes it, against two spellings.
  auto dari = ParseName("", "", "ضیا جلالی").Tokens();
  EXPECT_GE(PartSimilarity(dari, ParseName("", "", "Zia Jalali").Tokens()), 0.8);
  EXPECT_GE(PartSimilarity(dari, ParseName("", "", "Ziya Jalali").Tokens()), 0.8);
  EXPECT_LT(PartSimilarity(dari, ParseName("", "", "Daud Jalali").Tokens()), 0.8);
}

TEST(PartSimilarityTest, OrderAndJoinedChineseGivenNames) {
  EXPECT_EQ(PartSimilarity(Tokens{"xiao", "ming"}, Tokens{"ming", "xiao"}), 1.0);
  EXPECT_GE(PartSimilarity(Tokens{"xiao", "ming"}, Tokens{"xiaoming"}), 0.95);
  EXPECT_EQ(PartSimilarity(Tokens{}, Tokens{"a"}), -1.0);
}

TEST(SimilarityTest, JaroWinklerTextbookValues) {
  // Winkler's examples: MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84, DIXON/DICKSONX 0.813.
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.840, 0.001);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.813, 0.001);
  EXPECT_EQ(BoundedLevenshtein("kitten", "sitting", 5), 3);
  EXPECT_EQ(BoundedLevenshtein("kitten", "sitting", 1), 2);
}

TEST(PhoneTest, LocalNumbersUseTheRecordsCountry) {
  EXPECT_EQ(NormalisePhone("0412 345 678", "AUS").value(), "+61412345678");
  EXPECT_EQ(NormalisePhone("081 234 5678", "THA").value(), "+66812345678");
  EXPECT_EQ(NormalisePhone("+66 81 234 5678", "").value(), "+66812345678");
  EXPECT_EQ(NormalisePhone("0066812345678", "").value(), "+66812345678");
  EXPECT_EQ(NormalisePhone("0300 1234567", "PAK").value(), "+923001234567");
}

TEST(PhoneTest, RefusesWhatCannotBeANumber) {
  EXPECT_EQ(NormalisePhone("0412 345 678", "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(NormalisePhone("12", "AUS").ok());
  EXPECT_FALSE(NormalisePhone("call me", "AUS").ok());
  EXPECT_FALSE(NormalisePhone("", "AUS").ok());
}

TEST(CountryTest, Alpha2AndAlpha3) {
  EXPECT_EQ(CountryAlpha2("AUS"), "AU");
  EXPECT_EQ(CountryAlpha2("mmr"), "MM");
  EXPECT_EQ(CountryAlpha3("LK"), "LKA");
  EXPECT_EQ(CountryAlpha2("XXX"), "");
}

TEST(DocumentTest, MisreadingsShareAKey) {
  EXPECT_EQ(DocumentKey("AUS", "pa 0123-456"), "AUS:PA0123456");
  EXPECT_EQ(DocumentKey("AU", "PAO123456"), DocumentKey("AUS", "PA0I23456"));
  EXPECT_EQ(ConfusableKey("B8S5"), "8855");
  EXPECT_EQ(DocumentKey("", "N1234"), "N1234");
}

TEST(MrzTest, CheckDigitsOfTheIcaoSpecimen) {
  // ICAO Doc 9303 Part 4 specimen: L898902C3 -> 6, 740812 -> 2, 120415 -> 9.
  EXPECT_EQ(MrzCheckDigit("L898902C3"), 6);
  EXPECT_EQ(MrzCheckDigit("740812"), 2);
  EXPECT_EQ(MrzCheckDigit("120415"), 9);
  EXPECT_EQ(MrzCheckDigit("ab"), -1);
}

TEST(MrzTest, ParsesTheSpecimenAndRepairsAMisreading) {
  const char* l1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
  auto p = ParseMrz(l1, "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->issuer, "UTO");
  EXPECT_EQ(p->family_name, "ERIKSSON");
  EXPECT_EQ(p->given_names, "ANNA MARIA");
  EXPECT_EQ(p->number, "L898902C3");
  EXPECT_EQ(p->birth_date, (PartialDate{1974, 8, 12}));
  EXPECT_EQ(p->sex, 'F');
  // An 8 read as B in the number, and an O for a 0 in the expiry date.
  auto repaired = ParseMrz(l1, "L89B902C36UTO7408122F12O4159ZE184226B<<<<<10");
  ASSERT_TRUE(repaired.ok()) << repaired.status().ToString();
  EXPECT_EQ(repaired->number, "L898902C3");
  EXPECT_EQ(repaired->expiry, (PartialDate{2012, 4, 15}));
  auto wrong = ParseMrz(l1, "L898902C36UTO7408123F1204159ZE184226B<<<<<10");
  EXPECT_EQ(wrong.status().field(), "mrz:birth_date");
  EXPECT_FALSE(ParseMrz("P<UTO", "short").ok());
}

TEST(DobTest, ParsesTheWaysDatesAreWritten) {
  EXPECT_EQ(ParseDob("1985-03-14").value(), (PartialDate{1985, 3, 14}));
  EXPECT_EQ(ParseDob("14/03/1985").value(), (PartialDate{1985, 3, 14}));
  EXPECT_EQ(ParseDob("14.03.1985").value(), (PartialDate{1985, 3, 14}));
  EXPECT_EQ(ParseDob("03/14/1985").value(), (PartialDate{1985, 3, 14}));  // month first only when unambiguous
  EXPECT_EQ(ParseDob("19850314").value(), (PartialDate{1985, 3, 14}));
  EXPECT_EQ(ParseDob("1985").value(), (PartialDate{1985, 0, 0}));
  EXPECT_EQ(ParseDob("03/1985").value(), (PartialDate{1985, 3, 0}));
  EXPECT_TRUE(ParseDob("").value().empty());
  EXPECT_FALSE(ParseDob("31/02/1990").ok());
  EXPECT_FALSE(ParseDob("1985-13-01").ok());
  EXPECT_EQ(ParseDob("yesterday").status().field(), "dob");
}

TEST(DobTest, ForgivesTheUsualErrors) {
  auto d = [](const char* s) { return ParseDob(s).value(); };
  EXPECT_EQ(CompareDob(d("1985-03-14"), d("1985-03-14")), DobAgreement::kExact);
  EXPECT_EQ(CompareDob(d("1985-03-04"), d("1985-04-03")), DobAgreement::kSwapped);  // swapped
  EXPECT_EQ(CompareDob(d("1985-03-14"), d("1985-03-15")), DobAgreement::kClose);  // one digit
  EXPECT_EQ(CompareDob(d("1985"), d("1985-03-14")), DobAgreement::kPartial);      // partial
  EXPECT_EQ(CompareDob(d("1985-03-14"), d("1985-11-20")), DobAgreement::kSameYear);
  EXPECT_EQ(CompareDob(d("1984"), d("1985-11-20")), DobAgreement::kNearYear);
  EXPECT_EQ(CompareDob(d("1960-01-01"), d("1985-11-20")), DobAgreement::kDifferent);
  EXPECT_EQ(CompareDob(d(""), d("1985-11-20")), DobAgreement::kMissing);
}

TEST(VesselTest, ImoCheckDigit) {
  EXPECT_EQ(NormaliseImo("IMO 9074729").value(), "9074729");
  EXPECT_EQ(NormaliseImo("9074729").value(), "9074729");
  EXPECT_FALSE(NormaliseImo("IMO 9074728").ok());
  EXPECT_FALSE(NormaliseImo("907472").ok());
}

TEST(VesselTest, MmsiStructure) {
  auto ship = ParseMmsi("503 123 456");
  ASSERT_TRUE(ship.ok());
  EXPECT_EQ(ship->kind, MmsiKind::kShip);
  EXPECT_EQ(ship->mid, 503);
  EXPECT_EQ(ParseMmsi("005031234").value().kind, MmsiKind::kCoastStation);
  EXPECT_EQ(ParseMmsi("111503123").value().kind, MmsiKind::kSarAircraft);
  EXPECT_FALSE(ParseMmsi("12345678").ok());
  EXPECT_FALSE(ParseMmsi("100000000").ok());
}

}  // namespace
}  // namespace disrupt::resolve
