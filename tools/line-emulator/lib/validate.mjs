// Validation of Messaging API request bodies. Errors use LINE's shape
// {"message":"The request body has N error(s)","details":[{message,property}]}
// so tsunagu's error handling is exercised with realistic bodies.
// The detail strings imitate LINE's wording where known; exact text is not
// part of LINE's contract (there is no machine-readable error code).
import { isUserId } from './ids.mjs';

export const MESSAGE_TYPES = ['text', 'textV2', 'sticker', 'image', 'video', 'audio', 'location', 'imagemap', 'template', 'flex', 'coupon'];
const ACTION_TYPES = ['postback', 'message', 'uri', 'datetimepicker', 'camera', 'cameraRoll', 'location', 'richmenuswitch', 'clipboard'];
// Message types that can later be quoted; only these get a quoteToken in sentMessages.
export const QUOTABLE_TYPES = new Set(['text', 'textV2', 'sticker', 'image', 'video']);

const MAX_TEXT = 5000; // characters, counted in UTF-16 code units as LINE does
const MAX_SENDER_NAME = 20;
const MAX_QUICK_REPLY_ITEMS = 13;
const MAX_ALT_TEXT = 1500;
const MAX_POSTBACK_DATA = 300;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNonEmptyString = (v) => typeof v === 'string' && v.length > 0;

function isHttpsUrl(v) {
  if (typeof v !== 'string') return false;
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
}

class Collector {
  constructor() {
    this.details = [];
  }
  add(property, message) {
    this.details.push({ message, property });
  }
}

function checkAction(action, prop, c) {
  if (!isObject(action)) return c.add(prop, 'must be specified');
  if (!ACTION_TYPES.includes(action.type)) {
    return c.add(`${prop}.type`, `Must be one of the following values: [${ACTION_TYPES.join(', ')}]`);
  }
  if (action.label !== undefined && (typeof action.label !== 'string' || action.label.length > 20)) {
    c.add(`${prop}.label`, 'Length must be between 0 and 20');
  }
  switch (action.type) {
    case 'postback':
    case 'datetimepicker':
      if (typeof action.data !== 'string') c.add(`${prop}.data`, 'must be specified');
      else if (action.data.length > MAX_POSTBACK_DATA) c.add(`${prop}.data`, `Length must be between 0 and ${MAX_POSTBACK_DATA}`);
      break;
    case 'message':
      if (!isNonEmptyString(action.text)) c.add(`${prop}.text`, 'May not be empty');
      break;
    case 'uri':
      if (!isNonEmptyString(action.uri)) c.add(`${prop}.uri`, 'May not be empty');
      break;
    default:
      break;
  }
}

function checkMessage(m, prop, c) {
  if (!isObject(m)) return c.add(prop, 'must be specified');
  if (m.type === undefined) return c.add(`${prop}.type`, 'must be specified');
  if (!MESSAGE_TYPES.includes(m.type)) {
    return c.add(`${prop}.type`, `Must be one of the following values: [${MESSAGE_TYPES.join(', ')}]`);
  }

  switch (m.type) {
    case 'text':
    case 'textV2':
      if (m.text === undefined || m.text === null) c.add(`${prop}.text`, 'must be specified');
      else if (typeof m.text !== 'string') c.add(`${prop}.text`, 'The property must be a string');
      else if (m.text.length === 0) c.add(`${prop}.text`, 'May not be empty');
      else if (m.text.length > MAX_TEXT) c.add(`${prop}.text`, `Length must be between 0 and ${MAX_TEXT}`);
      if (m.quoteToken !== undefined && typeof m.quoteToken !== 'string') c.add(`${prop}.quoteToken`, 'The property must be a string');
      break;
    case 'sticker':
      if (!isNonEmptyString(m.packageId)) c.add(`${prop}.packageId`, 'must be specified');
      if (!isNonEmptyString(m.stickerId)) c.add(`${prop}.stickerId`, 'must be specified');
      break;
    case 'image':
    case 'video':
      for (const key of ['originalContentUrl', 'previewImageUrl']) {
        if (m[key] === undefined) c.add(`${prop}.${key}`, 'must be specified');
        else if (!isHttpsUrl(m[key])) c.add(`${prop}.${key}`, 'invalid uri');
      }
      break;
    case 'audio':
      if (!isHttpsUrl(m.originalContentUrl)) c.add(`${prop}.originalContentUrl`, 'invalid uri');
      if (!Number.isInteger(m.duration)) c.add(`${prop}.duration`, 'must be specified');
      break;
    case 'location':
      if (!isNonEmptyString(m.title)) c.add(`${prop}.title`, 'must be specified');
      if (!isNonEmptyString(m.address)) c.add(`${prop}.address`, 'must be specified');
      if (typeof m.latitude !== 'number') c.add(`${prop}.latitude`, 'must be specified');
      if (typeof m.longitude !== 'number') c.add(`${prop}.longitude`, 'must be specified');
      break;
    case 'template':
    case 'flex':
    case 'imagemap':
      if (!isNonEmptyString(m.altText)) c.add(`${prop}.altText`, 'May not be empty');
      else if (m.altText.length > MAX_ALT_TEXT) c.add(`${prop}.altText`, `Length must be between 0 and ${MAX_ALT_TEXT}`);
      if (m.type === 'template') checkTemplate(m.template, `${prop}.template`, c);
      if (m.type === 'flex' && !isObject(m.contents)) c.add(`${prop}.contents`, 'must be specified');
      break;
    case 'coupon':
      if (!isNonEmptyString(m.couponId)) c.add(`${prop}.couponId`, 'must be specified');
      break;
    default:
      break;
  }

  if (m.sender !== undefined) {
    if (!isObject(m.sender)) c.add(`${prop}.sender`, 'The property must be an object');
    else {
      const { name, iconUrl } = m.sender;
      if (name !== undefined) {
        if (typeof name !== 'string' || name.length < 1 || name.length > MAX_SENDER_NAME) {
          c.add(`${prop}.sender.name`, `Length must be between 1 and ${MAX_SENDER_NAME}`);
        } else if (/line/i.test(name)) {
          // LINE refuses display names that could pass for LINE itself.
          c.add(`${prop}.sender.name`, 'Must not contain the following words: LINE');
        }
      }
      if (iconUrl !== undefined) {
        if (!isHttpsUrl(iconUrl)) c.add(`${prop}.sender.iconUrl`, 'invalid uri (https is required)');
        else if (iconUrl.length > 2000) c.add(`${prop}.sender.iconUrl`, 'Length must be between 0 and 2000');
      }
    }
  }

  if (m.quickReply !== undefined) {
    const items = m.quickReply?.items;
    if (!Array.isArray(items)) c.add(`${prop}.quickReply.items`, 'must be specified');
    else if (items.length < 1 || items.length > MAX_QUICK_REPLY_ITEMS) {
      c.add(`${prop}.quickReply.items`, `Size must be between 1 and ${MAX_QUICK_REPLY_ITEMS}`);
    } else {
      items.forEach((item, i) => {
        const ip = `${prop}.quickReply.items[${i}]`;
        if (!isObject(item)) return c.add(ip, 'must be specified');
        if (item.type !== undefined && item.type !== 'action') c.add(`${ip}.type`, 'Must be one of the following values: [action]');
        if (item.imageUrl !== undefined && !isHttpsUrl(item.imageUrl)) c.add(`${ip}.imageUrl`, 'invalid uri');
        checkAction(item.action, `${ip}.action`, c);
      });
    }
  }
}

function checkTemplate(t, prop, c) {
  if (!isObject(t)) return c.add(prop, 'must be specified');
  const types = ['buttons', 'confirm', 'carousel', 'image_carousel'];
  if (!types.includes(t.type)) return c.add(`${prop}.type`, `Must be one of the following values: [${types.join(', ')}]`);
  if (t.type === 'buttons' || t.type === 'confirm') {
    if (!isNonEmptyString(t.text)) c.add(`${prop}.text`, 'May not be empty');
    if (!Array.isArray(t.actions) || t.actions.length < 1) c.add(`${prop}.actions`, 'must be specified');
    else {
      const max = t.type === 'confirm' ? 2 : 4;
      const min = t.type === 'confirm' ? 2 : 1;
      if (t.actions.length < min || t.actions.length > max) c.add(`${prop}.actions`, `Size must be between ${min} and ${max}`);
      t.actions.forEach((a, i) => checkAction(a, `${prop}.actions[${i}]`, c));
    }
  } else if (!Array.isArray(t.columns) || t.columns.length < 1 || t.columns.length > 10) {
    c.add(`${prop}.columns`, 'Size must be between 1 and 10');
  }
}

function checkMessages(body, c) {
  const { messages } = body;
  if (messages === undefined || messages === null) return c.add('messages', 'must be specified');
  if (!Array.isArray(messages)) return c.add('messages', 'The property must be an array');
  if (messages.length < 1 || messages.length > 5) return c.add('messages', 'Size must be between 1 and 5');
  messages.forEach((m, i) => checkMessage(m, `messages[${i}]`, c));
}

function checkNotificationDisabled(body, c) {
  if (body.notificationDisabled !== undefined && typeof body.notificationDisabled !== 'boolean') {
    c.add('notificationDisabled', 'The property must be a boolean');
  }
}

/**
 * Validates a send request body. `kind` is reply | push | multicast | broadcast.
 * Returns null when valid, else an ErrorResponse body.
 */
export function validateSendRequest(kind, body) {
  const c = new Collector();
  if (!isObject(body)) {
    c.add('', 'The request body must be a JSON object');
    return errorBody(c);
  }
  if (kind === 'reply' && !isNonEmptyString(body.replyToken)) c.add('replyToken', 'must be specified');
  if (kind === 'push' && !isNonEmptyString(body.to)) c.add('to', 'must be specified');
  if (kind === 'multicast') {
    if (!Array.isArray(body.to)) c.add('to', 'must be specified');
    else if (body.to.length < 1 || body.to.length > 500) c.add('to', 'Size must be between 1 and 500');
  }
  checkMessages(body, c);
  checkNotificationDisabled(body, c);
  return c.details.length ? errorBody(c) : null;
}

function errorBody(c) {
  return { message: `The request body has ${c.details.length} error(s)`, details: c.details };
}

/**
 * LINE reports a `to` that is not an ID at all as an invalid property
 * (with "-" for line and column, as it does for values rather than syntax).
 */
export function invalidPropertyBody(property) {
  return { message: `The property, '${property}', in the request body is invalid (line: -, column: -)` };
}

export function isValidRecipient(to) {
  return isUserId(to);
}
