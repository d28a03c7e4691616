/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as contacts from "../contacts.js";
import type * as conversations from "../conversations.js";
import type * as crons from "../crons.js";
import type * as deliveries from "../deliveries.js";
import type * as deliveryHealth from "../deliveryHealth.js";
import type * as endedConversationsMigration from "../endedConversationsMigration.js";
import type * as env from "../env.js";
import type * as errors from "../errors.js";
import type * as functions from "../functions.js";
import type * as http from "../http.js";
import type * as invitations from "../invitations.js";
import type * as kapsoChecks from "../kapsoChecks.js";
import type * as kapsoCredentials from "../kapsoCredentials.js";
import type * as kapsoDrift from "../kapsoDrift.js";
import type * as kapsoSend from "../kapsoSend.js";
import type * as kapsoSync from "../kapsoSync.js";
import type * as kapsoWebhook from "../kapsoWebhook.js";
import type * as kapsoWebhookSetup from "../kapsoWebhookSetup.js";
import type * as keywordRulesMigration from "../keywordRulesMigration.js";
import type * as media from "../media.js";
import type * as mediaJob from "../mediaJob.js";
import type * as messages from "../messages.js";
import type * as model_conversations from "../model/conversations.js";
import type * as model_deliveryCounters from "../model/deliveryCounters.js";
import type * as model_errorCode from "../model/errorCode.js";
import type * as model_i18n from "../model/i18n.js";
import type * as model_ingestion from "../model/ingestion.js";
import type * as model_kapsoClient from "../model/kapsoClient.js";
import type * as model_leads from "../model/leads.js";
import type * as model_messages from "../model/messages.js";
import type * as model_secrets from "../model/secrets.js";
import type * as model_summaryRuns from "../model/summaryRuns.js";
import type * as model_templateSummary from "../model/templateSummary.js";
import type * as model_threadExtras from "../model/threadExtras.js";
import type * as model_unitOfWork from "../model/unitOfWork.js";
import type * as model_webhookSecret from "../model/webhookSecret.js";
import type * as permissions from "../permissions.js";
import type * as profiles from "../profiles.js";
import type * as replies from "../replies.js";
import type * as routes from "../routes.js";
import type * as seed from "../seed.js";
import type * as summaries from "../summaries.js";
import type * as summaryCron from "../summaryCron.js";
import type * as summaryJob from "../summaryJob.js";
import type * as templates from "../templates.js";
import type * as webhookDeliveries from "../webhookDeliveries.js";
import type * as workflowSettings from "../workflowSettings.js";
import type * as workspaceSecrets from "../workspaceSecrets.js";
import type * as workspaces from "../workspaces.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  contacts: typeof contacts;
  conversations: typeof conversations;
  crons: typeof crons;
  deliveries: typeof deliveries;
  deliveryHealth: typeof deliveryHealth;
  endedConversationsMigration: typeof endedConversationsMigration;
  env: typeof env;
  errors: typeof errors;
  functions: typeof functions;
  http: typeof http;
  invitations: typeof invitations;
  kapsoChecks: typeof kapsoChecks;
  kapsoCredentials: typeof kapsoCredentials;
  kapsoDrift: typeof kapsoDrift;
  kapsoSend: typeof kapsoSend;
  kapsoSync: typeof kapsoSync;
  kapsoWebhook: typeof kapsoWebhook;
  kapsoWebhookSetup: typeof kapsoWebhookSetup;
  keywordRulesMigration: typeof keywordRulesMigration;
  media: typeof media;
  mediaJob: typeof mediaJob;
  messages: typeof messages;
  "model/conversations": typeof model_conversations;
  "model/deliveryCounters": typeof model_deliveryCounters;
  "model/errorCode": typeof model_errorCode;
  "model/i18n": typeof model_i18n;
  "model/ingestion": typeof model_ingestion;
  "model/kapsoClient": typeof model_kapsoClient;
  "model/leads": typeof model_leads;
  "model/messages": typeof model_messages;
  "model/secrets": typeof model_secrets;
  "model/summaryRuns": typeof model_summaryRuns;
  "model/templateSummary": typeof model_templateSummary;
  "model/threadExtras": typeof model_threadExtras;
  "model/unitOfWork": typeof model_unitOfWork;
  "model/webhookSecret": typeof model_webhookSecret;
  permissions: typeof permissions;
  profiles: typeof profiles;
  replies: typeof replies;
  routes: typeof routes;
  seed: typeof seed;
  summaries: typeof summaries;
  summaryCron: typeof summaryCron;
  summaryJob: typeof summaryJob;
  templates: typeof templates;
  webhookDeliveries: typeof webhookDeliveries;
  workflowSettings: typeof workflowSettings;
  workspaceSecrets: typeof workspaceSecrets;
  workspaces: typeof workspaces;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
