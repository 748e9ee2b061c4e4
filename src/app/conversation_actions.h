#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/topics.h"
#include "core/wrap_up.h"

namespace tsunagu::app {

enum class ConversationView { kWaiting, kMine, kAll };

std::optional<ConversationView> ParseConversationView(std::string_view name);

struct ConversationMessages {
  core::Conversation conversation;
  std::vector<core::Message> messages;
};

// What staff do with conversations from the console. Every call checks the permission table in
// core on the server, and every view is written to the audit log.
class ConversationActions {
 public:
  // on_outbox wakes the outbox sender after a reply was queued. topics: the codes a wrap-up may
  // carry (data/topics.tsv); with an empty list no conversation can be closed.
  ConversationActions(AppContext& ctx, std::function<void()> on_outbox,
                      core::TopicList topics = {});

  core::Result<std::vector<core::Conversation>> List(const core::Staff& staff,
                                                     ConversationView view, std::size_t limit);
  core::Result<ConversationMessages> Messages(const core::Staff& staff, core::ConversationId id,
                                              core::MessageId after_id, std::size_t limit);
  core::Result<core::Message> Reply(const core::Staff& staff, core::ConversationId id,
                                    const std::string& text);
  // kConflict when someone else has it or it is closed; kLimitExceeded when a counselor already
  // holds AppContext::concurrent_per_counselor open conversations.
  core::Result<core::Conversation> Take(const core::Staff& staff, core::ConversationId id);
  // 「次の相談を受ける」: takes the first conversation of the waiting queue (core/queue_order.h)
  // that the staff member may take. kNotFound when nobody is waiting; kLimitExceeded at capacity.
  core::Result<core::Conversation> TakeNext(const core::Staff& staff);
  // Hands the conversation to another staff member (to_staff set) or back to the queue, with an
  // optional note for staff (a system note in the conversation; audited "conversation.transfer").
  // The assignee or a supervisor may; the target must be active and may take conversations, and a
  // counselor target must have room (kLimitExceeded).
  core::Result<core::Conversation> Transfer(const core::Staff& staff, core::ConversationId id,
                                            std::optional<core::StaffId> to_staff,
                                            const std::string& note);
  // Who a conversation can be handed to: active staff who may take conversations, other than
  // the caller, each with how many open conversations they hold now. For those who may take.
  struct TransferTarget {
    core::Staff staff;
    int held = 0;
  };
  core::Result<std::vector<TransferTarget>> TransferTargets(const core::Staff& staff);
  // Closes the conversation and stores its wrap-up in one transaction (audited
  // "conversation.close"). A draft that is not a valid wrap-up is kInvalidArgument, with every
  // reason on a line of its own in the message (core::WrapUpDraftProblems), and nothing changes.
  core::Result<core::Conversation> Close(const core::Staff& staff, core::ConversationId id,
                                         const core::WrapUpDraft& wrap_up);
  // The wrap-up of a conversation the system closed (idle, closing time: wrap_up_pending),
  // written afterwards by its assignee or a supervisor (audited "conversation.late_wrap_up").
  // kConflict when it has no pending wrap-up.
  core::Result<core::Conversation> WriteLateWrapUp(const core::Staff& staff,
                                                   core::ConversationId id,
                                                   const core::WrapUpDraft& wrap_up);
  // The wrap-up of a conversation the staff member may see (audited "conversation.wrap_up_view");
  // kNotFound when it has none (still open, or ended by the chatbot) or is not visible.
  core::Result<core::WrapUp> WrapUpOf(const core::Staff& staff, core::ConversationId id);
  // Open conversations a counselor may hold at once.
  int concurrent_per_counselor() const { return ctx_.concurrent_per_counselor; }
  // The topics a wrap-up may carry, in the order the console shows them.
  const core::TopicList& topics() const { return topics_; }

  // Checks a reply's text: not blank, valid UTF-8, at most kOutboundTextCharsMax characters.
  static core::Status ValidateReplyText(const std::string& text);

 private:
  // Loads a conversation the staff member may see; kNotFound otherwise (so that ids of others'
  // conversations are not revealed).
  core::Result<core::Conversation> LoadVisible(StoreTx& tx, const core::Staff& staff,
                                               core::ConversationId id, bool for_update);
  core::Status Audit(StoreTx& tx, const core::Staff& staff, const std::string& action,
                     core::ConversationId id);
  // kLimitExceeded when a counselor already holds as many open conversations as allowed.
  core::Status CheckCapacity(StoreTx& tx, const core::Staff& staff);

  AppContext& ctx_;
  std::function<void()> on_outbox_;
  core::TopicList topics_;
};

}  // namespace tsunagu::app
