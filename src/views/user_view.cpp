// restjwt's protected route: who the token says you are, for clients and for a reverse proxy's
// auth_request (the X-Auth-* headers).
#include <nlohmann/json.hpp>

#include "restjwt/protected_view.hpp"
#include "restjwt/responses.hpp"
#include "views/builtin_views.hpp"

namespace restjwt::detail {
namespace {

// Header values must stay on one line of visible ASCII: anything else is percent-encoded.
std::string header_safe(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : value) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7F || c == '%') {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    } else {
      out += c;
    }
  }
  return out;
}

class UserView final : public ProtectedView {
 public:
  explicit UserView(std::shared_ptr<const JwtAuthenticator> authenticator)
      : ProtectedView(
            std::move(authenticator),
            {"User", "Returns the user authenticated by the JSON Web Token.", {"GET", "POST"}}) {}

 private:
  HttpResponse respond(const HttpRequest&, const User& user) const override {
    Claims body = Claims::object();
    if (const auto* id = std::get_if<std::int64_t>(&user.id)) {
      body["user_id"] = *id;
    } else {
      body["user_id"] = std::get<std::string>(user.id);
    }
    body["username"] = user.username;
    body["email"] = user.email ? Claims(*user.email) : Claims(nullptr);
    HttpResponse response = json_response(200, render_json(body), allow());
    response.headers.emplace_back("X-Auth-User-Id", header_safe(to_string(user.id)));
    response.headers.emplace_back("X-Auth-Username", header_safe(user.username));
    return response;
  }
};

}  // namespace

std::shared_ptr<const View> make_user_view(std::shared_ptr<const JwtAuthenticator> authenticator) {
  return std::make_shared<UserView>(std::move(authenticator));
}

}  // namespace restjwt::detail
