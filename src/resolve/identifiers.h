// Normalisers for the identifiers that tie records of one person, phone or
// vessel together: phone numbers (to E.164 with libphonenumber), identity
// documents (issuing country and number, ICAO 9303 check digits, the
// characters OCR and tired eyes confuse), countries (alpha-2 and alpha-3)
// and vessels (IMO number check digit, MMSI structure).
//
// Errors are values: a number that cannot be what it claims to be yields
// kInvalidArgument with a message naming what is wrong (never the number
// itself, which may be sensitive).
//
// Thread safety: all functions may be called concurrently (libphonenumber's
// PhoneNumberUtil is a thread-safe singleton).
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace disrupt::resolve {

// ISO 3166-1 alpha-2 for an alpha-3 code ("AUS" -> "AU") and back, from
// ICU's locale data; "" when unknown. Case-insensitive.
std::string CountryAlpha2(std::string_view alpha3);
std::string CountryAlpha3(std::string_view alpha2);

// A phone number in E.164 ("+61412345678"). Numbers written in
// international form ("+..." or "00...") need no country; a local number
// ("0412 345 678") is read as a number of `country` (alpha-3 or alpha-2,
// usually the record's country or the member's). kInvalidArgument when the
// number is not a possible number of that country, or is local with no
// country.
Result<std::string> NormalisePhone(std::string_view raw, std::string_view country);

// A document number reduced to upper-case letters and digits (spaces,
// dashes, dots and MRZ fillers removed).
std::string CleanDocumentNumber(std::string_view raw);

// The number with every character that is commonly misread replaced by one
// representative (O, Q, D -> 0; I, L -> 1; Z -> 2; S -> 5; G -> 6; B -> 8),
// so that "PA0I2345" and "PAO12345" compare equal.
std::string ConfusableKey(std::string_view clean_number);

// A comparable key for a document: "ISSUER:" + ConfusableKey of the number,
// or the key alone when the issuer is unknown. `issuer` is alpha-3 or alpha-2.
std::string DocumentKey(std::string_view issuer, std::string_view raw_number);

// ICAO 9303 check digit of an MRZ field (digits, A-Z, '<'; weights 7, 3, 1).
// -1 when the field holds another character.
int MrzCheckDigit(std::string_view field);

// The fields of the two 44-character lines of a passport's machine-readable
// zone (ICAO 9303 TD3), with every check digit verified.
struct MrzPassport {
  std::string issuer;       // alpha-3 (or an ICAO code such as "D" for Germany)
  std::string family_name;  // as written in the MRZ, '<' turned into spaces
  std::string given_names;
  std::string number;       // without fillers
  std::string nationality;
  PartialDate birth_date;   // century inferred: years after `today`'s are in the 1900s
  char sex = 'X';           // 'M', 'F' or 'X'
  PartialDate expiry;
};

// Parses TD3 lines. When a check digit fails, tries the misreading pairs
// (O/0, I/1, S/5, B/8, Z/2, G/6) on the checked field and accepts a unique
// repair (preferring a unique letter-to-digit one); otherwise
// kInvalidArgument naming the field ("mrz:number").
Result<MrzPassport> ParseMrz(std::string_view line1, std::string_view line2);

// The IMO ship identification number "IMO 9074729" or "9074729": seven
// digits whose last is the check digit (sum of the first six times 7..2,
// mod 10). Returns the seven digits or kInvalidArgument.
Result<std::string> NormaliseImo(std::string_view raw);

// What a nine-digit Maritime Mobile Service Identity designates.
enum class MmsiKind { kShip, kGroup, kCoastStation, kSarAircraft, kAidToNavigation, kCraftAssociated, kHandheld, kOther };

struct Mmsi {
  std::string digits;  // nine digits
  MmsiKind kind = MmsiKind::kOther;
  int mid = 0;         // Maritime Identification Digits (flag state), 0 when not applicable
};

// Parses an MMSI; kInvalidArgument unless it is nine digits with a
// well-formed structure (a ship's MID is 201..775).
Result<Mmsi> ParseMmsi(std::string_view raw);

}  // namespace disrupt::resolve
