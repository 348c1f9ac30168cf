import type { agentsChannels } from '../contract/agents-channels';
import {
  addAgent,
  agentRules,
  applyAsAgent,
  changeAgent,
  companyAgents,
  decideAgent,
  proveAgentActor,
} from '../services/agents/agents';
import {
  institutionRules,
  listInstitutions,
  resetInstitutionPassword,
  setInstitutionAdmin,
} from '../services/agents/institutions';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type AgentsHandlers = { [N in keyof typeof agentsChannels]: Handler<N> };

/** The thin handlers of 经办人管理 and 机构管理. */
export const agentsHandlers: AgentsHandlers = {
  'agents:rules': ({ startup }) => agentRules(services(startup)),
  'agents:company': ({ request, session, startup }) =>
    companyAgents(services(startup), actorOf(session), request),
  'agents:proveActor': ({ request, session, startup }) =>
    proveAgentActor(services(startup), actorOf(session), request),
  'agents:apply': ({ request, session, startup }) =>
    applyAsAgent(services(startup), actorOf(session), request),
  'agents:add': ({ request, session, startup }) =>
    addAgent(services(startup), actorOf(session), request),
  'agents:change': ({ request, session, startup }) =>
    changeAgent(services(startup), actorOf(session), request),
  'agents:decide': ({ request, session, startup }) =>
    decideAgent(services(startup), actorOf(session), request),
  'institutions:rules': ({ startup }) => institutionRules(services(startup)),
  'institutions:list': ({ request, startup }) => listInstitutions(services(startup), request),
  'institutions:setAdmin': ({ request, session, startup }) =>
    setInstitutionAdmin(services(startup), actorOf(session), request),
  'institutions:resetPassword': ({ request, session, startup }) =>
    resetInstitutionPassword(services(startup), actorOf(session), request),
};
