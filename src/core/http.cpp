#include "restjwt/http.hpp"

#include <algorithm>

namespace restjwt {
namespace {

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view HttpRequest::path() const {
  const std::string_view t(target);
  return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::header(std::string_view name, bool* found) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) {
      if (found != nullptr) *found = true;
      return value;
    }
  }
  if (found != nullptr) *found = false;
  return {};
}

std::string_view HttpRequest::combined_header(std::string_view name, std::string& storage,
                                              bool* found) const {
  const std::string* first = nullptr;
  bool repeated = false;
  for (const auto& [key, value] : headers) {
    if (!iequals(key, name)) continue;
    if (first == nullptr) {
      first = &value;
      continue;
    }
    if (!repeated) storage = *first;
    repeated = true;
    storage += ',';
    storage += value;
  }
  if (found != nullptr) *found = first != nullptr;
  if (first == nullptr) return {};
  return repeated ? std::string_view(storage) : std::string_view(*first);
}

void HttpResponse::set_header(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (iequals(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

std::string client_of(const HttpRequest& request, const std::vector<std::string>& trusted_proxies) {
  const auto trusted = [&](std::string_view address) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) !=
           trusted_proxies.end();
  };
  if (!trusted(request.client_address)) return request.client_address;
  // Walk X-Forwarded-For from the right: the first hop not one of ours is the client.
  // Repeated headers are one list (RFC 9110 §5.3): the right-most hop is in the last of them.
  std::string storage;
  std::string_view forwarded = request.combined_header("X-Forwarded-For", storage);
  while (!forwarded.empty()) {
    const auto comma = forwarded.rfind(',');
    std::string_view hop =
        comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1);
    const auto first = hop.find_first_not_of(" \t");
    hop = first == std::string_view::npos
              ? std::string_view()
              : hop.substr(first, hop.find_last_not_of(" \t") - first + 1);
    if (!hop.empty() && !trusted(hop)) return std::string(hop);
    if (comma == std::string_view::npos) break;
    forwarded = forwarded.substr(0, comma);
  }
  return request.client_address;
}

}  // namespace restjwt
