// Templates (docs/templates.md): the texts counselors insert by shortcut and the texts tsunagu
// sends by itself. Which templates exist is fixed in core/templates.h; the bodies are data:
// shipped defaults (data/templates.json) become version 1 of each program's templates at
// start-up, and admins save new versions from the console. The latest version is the one used;
// every version stays.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/templates.h"

namespace tsunagu::app {

struct RenderedTemplate {
  const core::TemplateDef* def = nullptr;
  int version = 0;
  std::string body;  // variables filled in
};

class Templates {
 public:
  // The shipped body of each template key, by program key.
  using Defaults = std::map<std::string, std::map<std::string, std::string>>;
  Templates(AppContext& ctx, Defaults defaults);

  // Stores the default as version 1 of every template the program has no version of yet.
  core::Status Seed(const std::string& program_key);

  // The body to send: the latest version, or the default when the store has none; nullopt when
  // neither exists (the caller sends nothing).
  core::Result<std::optional<std::string>> Body(StoreTx& tx, const std::string& program_key,
                                                std::string_view key);
  // Body with its variables filled in.
  static std::string Render(std::string_view body, const std::map<std::string, std::string>& vars);
  // The values a program's templates may use at now_ms: program_name, hours, next_opening,
  // helplines (and counselor_name when a staff member is given).
  static std::map<std::string, std::string> VariablesFor(const ChannelRoute* route,
                                                         const core::Staff* staff,
                                                         core::TimeMs now_ms);

  // The staff templates of a conversation's program, rendered for it and for this staff member;
  // kNotFound when the conversation is not visible to them.
  core::Result<std::vector<RenderedTemplate>> ForConversation(const core::Staff& staff,
                                                              core::ConversationId id);
  // Admins: the latest version of every template of every program.
  core::Result<std::vector<TemplateVersion>> ListLatest(const core::Staff& staff);
  // Admins: every version of one template, newest first; kNotFound for an unknown program or key.
  core::Result<std::vector<TemplateVersion>> Versions(const core::Staff& staff,
                                                      const std::string& program_key,
                                                      const std::string& key);
  // Admins: saves body as the next version (audited "template.save"); the same body as the
  // latest adds nothing. kInvalidArgument with every reason on a line of its own.
  core::Result<TemplateVersion> Save(const core::Staff& staff, const std::string& program_key,
                                     const std::string& key, const std::string& body);

  std::vector<std::string> ProgramKeys() const;
  // The program's display name ("" when unknown).
  std::string ProgramName(const std::string& program_key) const;

 private:
  core::Status RequireManage(const core::Staff& staff) const;
  bool KnownProgram(const std::string& program_key) const;

  const std::string* DefaultBody(const std::string& program_key, std::string_view key) const;

  AppContext& ctx_;
  Defaults defaults_;
};

}  // namespace tsunagu::app
