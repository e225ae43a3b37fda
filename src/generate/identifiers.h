// Identifiers as they appear on real documents and registers, with their
// check digits: IMO ship numbers, MMSIs, machine-readable-zone (MRZ) lines of
// passports (ICAO Doc 9303), and telephone numbers in the local and the
// international form. The generator uses them so that data sets exercise the
// same validation and matching an analyst relies on with real data.
//
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace disrupt::generate {

// The IMO check digit of the first six digits of an IMO number: the sum of
// each digit times its weight (7, 6, 5, 4, 3, 2), modulo 10.
int ImoCheckDigit(int first_six);
// The seven-digit IMO number ("9123459") whose first six digits are `first_six`
// (100000 <= first_six <= 999999).
std::string ImoNumber(int first_six);

// ICAO 9303 check digit over `field`: digits count as themselves, A-Z as
// 10-35, '<' as 0; weights 7, 3, 1 repeating; the sum modulo 10.
// Returns -1 when the field holds another character.
int MrzCheckDigit(std::string_view field);

// The second MRZ line of a passport (TD3, 44 characters) with valid check
// digits. `document_number` is up to 9 characters A-Z0-9, `nationality` an
// ISO alpha-3 code, `birth` and `expiry` YYMMDD, `sex` 'M', 'F' or '<'.
std::string MrzLine2(std::string_view document_number, std::string_view nationality, std::string_view birth,
                     char sex, std::string_view expiry);

// How a telephone number is written down.
enum class PhoneStyle {
  kInternational,         // "+92 300 1234567"
  kInternationalCompact,  // "+923001234567"
  kLocal,                 // "0300 1234567"
  kLocalCompact,          // "03001234567"
  kDoubleZero,            // "0092 300 1234567"
};

// A mobile number in `style`. `country_code` is the ITU calling code without
// '+' ("92"); `national` the national significant number without the trunk
// prefix ("3001234567"); `trunk` the trunk prefix dialled locally ("0", or ""
// where there is none). The first `group` digits of the national number are
// set apart by a space in the spaced styles.
std::string FormatPhone(std::string_view country_code, std::string_view national, std::string_view trunk,
                        int group, PhoneStyle style);

}  // namespace disrupt::generate
