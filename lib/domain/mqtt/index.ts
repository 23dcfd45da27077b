export { decidePublish, decideSubscribe, type AcceptedTopic, type PublishDecision, type SubscribeDecision } from "./acl";
export { CONNACK, parseConnectIdentity, type ConnectIdentity } from "./connect-identity";
export { decodePropertyBag, encodePropertyBag, MAX_PROPERTIES, SYSTEM_PROPERTIES, type PropertyBag } from "./property-bag";
export {
  METHOD_NAME,
  SUBSCRIPTIONS,
  clientIdOf,
  desiredPatchTopic,
  methodRequestTopic,
  parseInboundTopic,
  parseTopicQuery,
  topicMatches,
  twinResponseTopic,
  type InboundTopic,
  type MqttIdentity,
} from "./topics";
