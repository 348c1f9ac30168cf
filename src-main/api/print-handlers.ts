import type { printChannels } from '../contract/print-channels';
import {
  listCaseDocuments,
  listPrinters,
  previewDocument,
  printDocument,
  printerStatus,
} from '../services/printing/printing';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type PrintHandlers = { [N in keyof typeof printChannels]: Handler<N> };

/** The thin handlers of the printing channels. */
export const printHandlers: PrintHandlers = {
  'print:documents': ({ request, startup }) => listCaseDocuments(services(startup), request),
  'print:preview': ({ request, session, startup }) =>
    previewDocument(services(startup), actorOf(session), request),
  'print:print': ({ request, session, startup }) =>
    printDocument(services(startup), actorOf(session), request),
  'print:printers': ({ startup }) => listPrinters(services(startup)),
  'print:status': ({ startup }) => printerStatus(services(startup)),
};
