// What the OTLP export logs about its endpoint (src/node/reports/report-otlp.ts): the origin only.
import { expect } from 'chai';
import { otlpExportEnabled } from '../../../src/node/reports/report-otlp';
import { endpointForLog, scrubUrls } from '../../../src/node/reports/endpoint-text';

describe('reports: OTLP endpoint in logs', () => {
    it('logs the origin only: no user, password, path or query', () => {
        expect(endpointForLog('https://user:s3cret@collector.example:4318/v1/metrics?api_key=abc#x')).to.equal('https://collector.example:4318');
        expect(endpointForLog(' http://collector:4318 ')).to.equal('http://collector:4318');
        expect(endpointForLog('not a url s3cret')).to.equal('(not a valid URL)');
        expect(endpointForLog(undefined)).to.equal('(not a valid URL)');
        expect(endpointForLog('unix:/run/s3cret')).to.not.contain('s3cret');
    });
    it('scrubs URLs quoted in exporter errors', () => {
        const message = scrubUrls('Failed to export to https://u:p4ss@c.example/v1/metrics?token=t0k: 401');
        expect(message).to.equal('Failed to export to https://c.example: 401');
    });
    it('is on only when an endpoint is set', () => {
        expect(otlpExportEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).to.equal(false);
        expect(otlpExportEnabled({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://c:4318/v1/metrics' })).to.equal(true);
    });
});
