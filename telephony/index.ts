export { telephonyRoutes } from './routes';
export { smsJobs, smsDueWork, smsDeps } from './jobs';
export { startSmsConversation } from './sms/start';
export { smsBlocked } from './sms/gate';
export { twilioFor, sandboxSimulator, setSandboxWebhookTarget } from './twilio';
export { voiceDeps, voiceDueWork } from './jobs';
export { startCall, placeCall } from './voice/place';
