// The region the generator draws on: the countries of the routes (origin,
// transit and destination), their telephone numbering, currencies, ship
// registries, passport number formats and the member agencies that record
// cases; real ports, airports, border crossings and towns with coordinates;
// and the route templates networks follow (leg by leg, with the mode of
// transport and the crossing point).
//
// The tables are constant and may be read from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "generate/names.h"

namespace disrupt::generate {

struct Agency {
  std::string_view code;  // "AFP"
  std::string_view name;  // "Australian Federal Police"
};

struct CountryInfo {
  std::string_view code;          // ISO 3166-1 alpha-3, also the member code
  std::string_view name;
  std::string_view calling_code;  // "92"
  std::string_view trunk;         // "0"
  std::span<const std::string_view> mobile_prefixes;  // national number prefixes of mobile ranges
  int mobile_length;              // digits of a national mobile number
  int phone_group;                // digits set apart when written with spaces
  std::string_view currency;      // ISO 4217
  int mmsi_mid;                   // maritime identification digits; 0 when none
  std::string_view passport_pattern;  // 'A' = letter, '9' = digit
  std::span<const Agency> agencies;   // the first is the lead law-enforcement agency
  std::span<const NameGroupId> name_groups;
  std::span<const double> name_group_weights;
  std::span<const std::string_view> streets;  // for addresses
};

// The countries the generator knows, in a stable order.
std::span<const CountryInfo> Countries();
// The country with `code`, or nullptr.
const CountryInfo* FindCountry(std::string_view code);

enum class PlaceKind : uint8_t { kCity, kAirport, kPort, kLandBorderCrossing, kEmbarkationPoint, kLandingPoint };
std::string_view ToVocabulary(PlaceKind kind);  // the place_kind vocabulary term

struct PlaceInfo {
  std::string_view name;
  std::string_view country;
  std::string_view locality;
  PlaceKind kind;
  double latitude;
  double longitude;
};

// Real places used by routes, in a stable order (their index is their key).
std::span<const PlaceInfo> Places();
// Index of the place named `name` in Places(), or -1.
int FindPlace(std::string_view name);

enum class Mode : uint8_t { kAir, kSea, kLand };
std::string_view ToVocabulary(Mode mode);  // the transport_mode vocabulary term

struct RouteLeg {
  std::string_view from;      // place names (see Places())
  std::string_view to;
  Mode mode;
  std::string_view crossing;  // border crossing point, may be empty
};

struct RouteTemplate {
  std::string_view key;           // "afghan_air_sea"
  std::string_view origin;        // country codes
  std::string_view destination;
  bool trafficking;               // victims are exploited at the destination
  double weight;                  // relative share of networks following it
  std::span<const RouteLeg> legs;
  std::span<const std::string_view> countries;  // in route order; each gets a cell
};

std::span<const RouteTemplate> Routes();

}  // namespace disrupt::generate
