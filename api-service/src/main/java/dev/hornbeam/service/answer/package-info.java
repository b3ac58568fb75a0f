/**
 * What Hornbeam answers, whoever asks: the HTTP API ({@code /v1}), the AWS-compatible endpoint
 * ({@code /policy/*}), the CLI ({@code hornbeam check}, {@code compare}) and the audit all use these, and nothing
 * here knows HTTP.
 *
 * <ul>
 *   <li>The answers' shapes: {@link dev.hornbeam.service.answer.PublicAccessResponse},
 *       {@link dev.hornbeam.service.answer.CheckResponse}, {@link dev.hornbeam.service.answer.CompareResponse},
 *       {@link dev.hornbeam.service.answer.GuardResponse}, {@link dev.hornbeam.service.answer.PolicyProblem}
 *       and the error body {@link dev.hornbeam.service.answer.ApiProblem} (their JSON is the API's; the
 *       {@code @Serdeable} annotations are serialisation, not HTTP).
 *   <li>The guard's decision: {@link dev.hornbeam.service.answer.GuardDecision}.
 *   <li>The validated inputs the questions are about: {@link dev.hornbeam.service.answer.PolicyInput},
 *       {@link dev.hornbeam.service.answer.AccessInput}, and {@link dev.hornbeam.service.answer.ApiException}
 *       for input that cannot be answered.
 * </ul>
 *
 * Reading these from an HTTP request body is the HTTP layer's ({@code Requests} in the controllers' package);
 * {@code LayeringTest} keeps the CLI and the audit off that layer.
 */
package dev.hornbeam.service.answer;
