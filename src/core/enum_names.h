// One table per enum gives both directions of its stable text name (what the store keeps and the
// API shows), so a name cannot be added in one direction and forgotten in the other.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace tsunagu::core {

template <typename Enum>
struct EnumName {
  Enum value;
  const char* name;
};

// The name of value; the table's first name if value is missing (a programmer error that the
// enum tests catch).
template <typename Enum, std::size_t N>
constexpr const char* NameIn(const std::array<EnumName<Enum>, N>& table, Enum value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return table[0].name;
}

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> ParseIn(const std::array<EnumName<Enum>, N>& table,
                                      std::string_view name) {
  for (const auto& entry : table) {
    if (name == entry.name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace tsunagu::core
