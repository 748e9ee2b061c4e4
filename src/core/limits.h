// Every limit has a name here, and tests exercise both sides of it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tsunagu::core {

// LINE sends small JSON bodies; 1 MiB leaves room for a full batch of events.
inline constexpr std::size_t kWebhookBodyBytesMax = 1024 * 1024;
// Console and API request bodies.
inline constexpr std::size_t kApiBodyBytesMax = 64 * 1024;
// LINE rejects text messages longer than 5,000 characters (UTF-16 units); we count code points.
inline constexpr std::size_t kOutboundTextCharsMax = 5000;
// LINE's sender.name is at most 20 characters.
inline constexpr std::size_t kSenderNameCharsMax = 20;
inline constexpr std::size_t kLoginCharsMax = 64;
inline constexpr std::size_t kDisplayNameCharsMax = 64;
inline constexpr std::size_t kPasswordCharsMin = 10;
inline constexpr std::size_t kPasswordBytesMax = 1024;
// Events in one webhook request: LINE batches a few; more than this is not LINE.
inline constexpr std::size_t kWebhookEventsMax = 500;
// Reply tokens: LINE documents "use within one minute"; we default to 50 s and keep a margin.
inline constexpr std::int64_t kReplyTokenValidityMsDefault = 50'000;
inline constexpr std::int64_t kReplyTokenSafetyMarginMs = 2'000;
// Outbox retries: exponential backoff from 1 s, capped at 5 min, for at most 24 h (LINE keeps a
// retry key for 24 h, so a later retry could deliver twice).
inline constexpr std::int64_t kOutboxBackoffMsMin = 1'000;
inline constexpr std::int64_t kOutboxBackoffMsMax = 300'000;
inline constexpr std::int64_t kOutboxRetryWindowMs = 23LL * 3600 * 1000;
inline constexpr int kOutboxClaimBatchMax = 64;
inline constexpr std::int64_t kOutboxLeaseMs = 60'000;
inline constexpr int kInboundClaimBatchMax = 256;
// Cluster work: timers claimed per round, and stream journal records read per round.
inline constexpr int kTimerClaimBatchMax = 64;
inline constexpr std::int64_t kTimerLeaseMs = 60'000;
inline constexpr std::size_t kStreamRecordPageMax = 1000;
// Console events waiting to be appended to the journal while the database is unreachable.
inline constexpr std::size_t kStreamRelayQueueMax = 10'000;
// Journal records are kept this long: enough for a node to catch up after a reconnect.
inline constexpr std::int64_t kStreamRecordKeepMs = 10LL * 60 * 1000;
// Housekeeping purges: how often, and at most how many rows per run (one transaction).
inline constexpr std::int64_t kPurgeIntervalMs = 60'000;
inline constexpr std::size_t kPurgeBatchMax = 5'000;
// Login throttling: failures per login and per address inside the window.
inline constexpr int kLoginFailuresMax = 5;
inline constexpr std::int64_t kLoginFailureWindowMs = 15LL * 60 * 1000;
inline constexpr std::int64_t kSessionTtlMsDefault = 12LL * 3600 * 1000;
inline constexpr std::size_t kMessagesPageMax = 500;
inline constexpr std::size_t kConversationsPageMax = 500;
// `tsunagu keys rotate`: rows read and sealed again per transaction (--batch), so that one
// batch never holds the writer lock for long.
inline constexpr std::size_t kStoredValuesPageMax = 5'000;
inline constexpr std::size_t kRotateBatchDefault = 500;
// The audit log: records per page of GET /api/v1/audit (default and most) and per read of
// `tsunagu audit verify`; an export reads pages of kAuditPageMax up to kAuditExportRowsMax rows.
inline constexpr std::size_t kAuditPageDefault = 100;
inline constexpr std::size_t kAuditPageMax = 1'000;
inline constexpr std::size_t kAuditVerifyBatchDefault = 1'000;
inline constexpr std::size_t kAuditExportRowsMax = 100'000;
// Filter values of an audit search (action, target type and id), in bytes.
inline constexpr std::size_t kAuditFilterBytesMax = 200;
// Open risk alerts and debrief flags listed at once.
inline constexpr std::size_t kRiskAlertsPageMax = 200;
// Free text staff add to checklist steps and disclosures (never message text).
inline constexpr std::size_t kRiskNoteCharsMax = 500;
// Risk analysis (docs/risk.md) reads at most this many bytes of a message, cut at a code point; a
// LINE text is at most 5,000 characters (up to 20,000 bytes). The rest is not analysed, and the
// assessment says so. RiskAnalyzerOptions may lower it, never raise it above kRiskTextBytesMax.
inline constexpr std::size_t kRiskTextBytesMaxDefault = 8 * 1024;
inline constexpr std::size_t kRiskTextBytesMax = 64 * 1024;
// The risk lexicon file, and one pattern in it.
inline constexpr std::size_t kRiskLexiconBytesMax = 1024 * 1024;
inline constexpr std::size_t kRiskPatternBytesMax = 256;
// Gaps ("*") in one base pattern: each may skip 0-3 tokens, so matching costs 4^gaps.
inline constexpr std::size_t kRiskPatternGapsMax = 3;

// The chatbot (docs/scenarios.md). LINE's own limits: 13 quick reply buttons, 20 characters a
// label, 300 bytes of postback data, 5 messages per call.
inline constexpr std::size_t kQuickReplyItemsMax = 13;
inline constexpr std::size_t kQuickReplyLabelCharsMax = 20;
inline constexpr std::size_t kPostbackDataBytesMax = 300;
inline constexpr std::size_t kBotMessagesPerTurnMax = 5;
// Nodes the engine may pass through for one input before it must wait for the person: a guard
// against loops that Validate cannot see (conditions that jump back and forth).
inline constexpr int kBotTurnsMax = 32;
// A scenario file, its nodes, and one text in it.
inline constexpr std::size_t kScenarioFileBytesMax = 512 * 1024;
inline constexpr std::size_t kScenarioNodesMax = 500;
inline constexpr std::size_t kBotTextCharsMax = 5000;
// Bot variables kept per conversation, and one value (typed answers are cut to this).
inline constexpr std::size_t kBotVariablesMax = 64;
inline constexpr std::size_t kBotValueCharsMax = 200;

// The wrap-up a counselor writes when closing a conversation (core/wrap_up.h, docs/api.md).
// The summary is a few sentences for the record, not a transcript.
inline constexpr std::size_t kWrapUpSummaryCharsMax = 2000;
// The topic list (data/topics.tsv, core/topics.h): the file, its entries, a code (ASCII) and a
// label. The MEXT/MHLW report lists have about 15-20 topics; these leave room for local ones.
inline constexpr std::size_t kTopicsFileBytesMax = 64 * 1024;
inline constexpr std::size_t kTopicsMax = 100;
inline constexpr std::size_t kTopicCodeBytesMax = 32;
inline constexpr std::size_t kTopicLabelCharsMax = 40;

// Conversations a counselor holds at once (open and assigned to them) before taking another is
// refused; supervisors step in without a limit. [queue] concurrent_per_counselor.
inline constexpr int kConcurrentChatsPerCounselorDefault = 2;
inline constexpr int kConcurrentChatsPerCounselorMax = 20;

// The note staff may add to a transfer (shown to staff only).
inline constexpr std::size_t kTransferNoteCharsMax = 500;

// Nudges (docs/scenarios.md, [nudges]): the console suggests 「少々お待ちください」 after the
// person has waited this long for a reply; a silent person gets a check-in after the first
// time, and the conversation closes after the second; the chatbot gives up on a question left
// unanswered after the third. 0 turns each off.
inline constexpr int kReplyNudgeMinutesDefault = 3;
inline constexpr int kIdleCheckinMinutesDefault = 15;
inline constexpr int kIdleCloseMinutesDefault = 10;
inline constexpr int kBotIdleCloseMinutesDefault = 60;
// The people waiting are told their new position when it changed, at most this often
// ([queue] position_notice_interval_seconds; 0: never). Each notice is a push message.
inline constexpr int kQueueNoticeIntervalSecondsDefault = 180;
inline constexpr std::int64_t kQueueNoticeCheckMs = 15 * 1000;
// Presence ([presence]): the console reports every heartbeat; a staff member without a report
// for the timeout counts as offline.
inline constexpr int kPresenceHeartbeatSecondsDefault = 30;
// Long enough for a console in a background tab, whose timers browsers slow to once a minute.
inline constexpr int kPresenceTimeoutSecondsDefault = 150;
// The dashboard warns above this many counselors on duty per supervisor on duty.
inline constexpr int kCounselorsPerSupervisorMaxDefault = 5;
// The after-close survey: at most this many questions, answered within this time of the close.
inline constexpr std::size_t kSurveyQuestionsMax = 3;
inline constexpr std::int64_t kSurveyAnswerWindowMs = 24LL * 60 * 60 * 1000;
// A template's versions listed at once.
inline constexpr std::size_t kTemplateVersionsPageMax = 100;

}  // namespace tsunagu::core
