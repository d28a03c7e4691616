import { httpRouter } from "convex/server";
import { receive as receiveKapsoWebhook } from "./kapsoWebhook";

const http = httpRouter();

// Kapso phone-number webhook (payload v2); see README "Webhook ingestion".
http.route({ path: "/webhook/kapso", method: "POST", handler: receiveKapsoWebhook });

export default http;
