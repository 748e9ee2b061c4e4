// Steps shared by the use cases that write conversations: opening one for a client, storing a
// message, and queueing an outbound message with the right reply token. Each runs inside the
// caller's transaction.
#pragma once

#include <string>
#include <vector>

#include "app/context.h"

namespace tsunagu::app {

// Finds the client behind a channel identity, creating it (with a fresh pseudonym) if new.
core::Result<core::Client> FindOrCreateClient(AppContext& ctx, StoreTx& tx,
                                              const std::string& channel_key,
                                              const std::string& external_id);

struct OpenedConversation {
  core::Conversation conversation;
  bool created = false;
};

// The client's open conversation in the program, or a new waiting one. A new one goes to the
// human queue at once, or, when with_bot, to the chatbot first (queued when it hands over).
core::Result<OpenedConversation> FindOrOpenConversation(AppContext& ctx, StoreTx& tx,
                                                        const core::Client& client,
                                                        const std::string& channel_key,
                                                        core::ProgramId program_id,
                                                        bool with_bot = false);

// A note from the system in the conversation (followed, blocked, handed over...), shown to staff
// only; it is never sent.
core::Message SystemNote(const core::Client& client, core::TimeMs at_ms, std::string text);

// Stores message (setting its id) and moves the conversation's last activity.
core::Status AppendMessage(StoreTx& tx, core::Conversation& conversation, core::Message& message);

// Stores an outbound message and queues it for sending, replying with the conversation's reply
// token while it is usable and pushing otherwise. Updates the conversation (the token is used
// up). The caller publishes the returned message after the commit.
core::Result<core::Message> QueueOutbound(AppContext& ctx, StoreTx& tx,
                                          core::Conversation& conversation,
                                          core::SenderKind sender_kind,
                                          std::optional<core::StaffId> staff_id,
                                          const std::string& sender_name, const std::string& text);

// The same for a message with more than text: content's content_type ("text" or "image"),
// text, quick replies and media URL are sent.
core::Result<core::Message> QueueOutbound(AppContext& ctx, StoreTx& tx,
                                          core::Conversation& conversation,
                                          core::SenderKind sender_kind,
                                          std::optional<core::StaffId> staff_id,
                                          const std::string& sender_name,
                                          const core::Message& content);

// Sends the program's template `key` (templates.h) as a bot message, its variables filled from
// the program and extra_vars, with optional buttons; publishes the message into `published`.
// nullopt when nothing was sent: the program has no such template, or the client blocked.
core::Result<std::optional<core::Message>> SendTemplate(
    AppContext& ctx, StoreTx& tx, core::Conversation& conversation, std::string_view key,
    const std::map<std::string, std::string>& extra_vars,
    std::vector<core::QuickReply> quick_replies, std::vector<StreamEvent>& published);

}  // namespace tsunagu::app
