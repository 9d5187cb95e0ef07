export { addTeamMember, listTeamMembers, MemberKind, NewTeamMember, TeamMember } from './members';
export { completeTask, createTask, listTasks, NewTask, Task, TaskStatus } from './tasks';
export { teamRoutes } from './routes';
