// Short names for the contract's types. They all come from schema.d.ts, which is generated from
// api/openapi.yaml: `npx openapi-typescript api/openapi.yaml -o web/src/api/schema.d.ts`.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Staff = Schemas['Staff'];
export type Role = Schemas['Role'];
export type Conversation = Schemas['Conversation'];
export type ConversationStatus = Schemas['ConversationStatus'];
export type ConversationView = Schemas['ConversationView'];
export type Message = Schemas['Message'];
export type DeliveryState = Schemas['DeliveryState'];
export type ErrorCode = Schemas['ErrorCode'];
export type ErrorBody = Schemas['Error'];
export type StreamEvent = Schemas['StreamEvent'];
export type StreamClientMessage = Schemas['StreamClientMessage'];
export type SessionResponse = Schemas['SessionResponse'];
export type RiskLevel = Schemas['RiskLevel'];
export type RiskCategory = Schemas['RiskCategory'];
export type MessageRisk = Schemas['MessageRisk'];
export type RiskAlert = Schemas['RiskAlert'];
export type RiskAlertView = Schemas['RiskAlertView'];
export type DebriefFlag = Schemas['DebriefFlag'];
export type EmergencyStepName = Schemas['EmergencyStepName'];
export type EmergencyChecklist = Schemas['EmergencyChecklist'];
export type EmergencyStepRecord = Schemas['EmergencyStepRecord'];
export type DisclosureBasis = Schemas['DisclosureBasis'];
export type DisclosureField = Schemas['DisclosureField'];
export type Disclosure = Schemas['Disclosure'];
export type DisclosureRequest = Schemas['DisclosureRequest'];
export type ScenarioReload = Schemas['ScenarioReload'];
export type ScenarioReloadResult = ScenarioReload['scenarios'][number];
export type WrapUp = Schemas['WrapUp'];
export type WrapUpRequest = Schemas['WrapUpRequest'];
export type WrapUpOutcome = Schemas['WrapUpOutcome'];
export type WrapUpOptions = Schemas['WrapUpOptions'];
export type WrapUpChoice = Schemas['WrapUpChoice'];
export type TransferTargets = Schemas['TransferTargets'];
export type TransferTarget = TransferTargets['staff'][number];
export type TransferRequest = Schemas['TransferRequest'];
