#include "users_list.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include <nlohmann/json.hpp>

namespace restjwt::cli {
namespace {

constexpr std::size_t kColumns = 7;
using Row = std::array<std::string, kColumns>;

Row row_of(const User& user) {
  const auto yes_no = [](bool value) { return std::string(value ? "yes" : "no"); };
  return {to_string(user.id),
          user.username,
          user.email.value_or(""),
          yes_no(user.is_active),
          yes_no(user.is_staff),
          yes_no(user.is_superuser),
          user.last_login.empty() ? "-" : user.last_login};
}

}  // namespace

std::string users_as_table(const std::vector<User>& users) {
  std::vector<Row> rows{{"ID", "USERNAME", "EMAIL", "ACTIVE", "STAFF", "SUPERUSER", "LAST LOGIN"}};
  for (const User& user : users) {
    rows.push_back(row_of(user));
  }
  std::array<std::size_t, kColumns> widths{};
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < kColumns; ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < kColumns; ++i) {
      line += row[i];
      if (i + 1 < kColumns) {
        line += std::string(widths[i] - row[i].size() + 2, ' ');
      }
    }
    out += line + "\n";
  }
  return out;
}

std::string users_as_json(const std::vector<User>& users) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const User& user : users) {
    nlohmann::ordered_json item;
    if (const auto* integer = std::get_if<std::int64_t>(&user.id)) {
      item["id"] = *integer;
    } else {
      item["id"] = std::get<std::string>(user.id);
    }
    item["username"] = user.username;
    item["email"] =
        user.email ? nlohmann::ordered_json(*user.email) : nlohmann::ordered_json(nullptr);
    item["first_name"] = user.first_name;
    item["last_name"] = user.last_name;
    item["is_active"] = user.is_active;
    item["is_staff"] = user.is_staff;
    item["is_superuser"] = user.is_superuser;
    item["last_login"] = user.last_login.empty() ? nlohmann::ordered_json(nullptr)
                                                 : nlohmann::ordered_json(user.last_login);
    item["date_joined"] = user.date_joined.empty() ? nlohmann::ordered_json(nullptr)
                                                   : nlohmann::ordered_json(user.date_joined);
    out.push_back(std::move(item));
  }
  // replace: a username that is not UTF-8 must not abort the listing.
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace restjwt::cli
