export * from './contracts';
export * from './policy';
export { RecordedConversation, RecordedTurn, TurnRole, recordConversations } from './conversations/record';
