const sgMail = require('@sendgrid/mail');

sgMail.setApiKey('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');

const TEMPLATES = {
  orderConfirmation: 'd-388c09eff95896f79e903b64644b9758',
  passwordReset: 'd-8b4c867416bf99e08e07cebe1211fdb1',
};

async function sendOrderConfirmation(order) {
  await sgMail.send({
    to: order.email,
    from: { email: 'orders@acme-store.com', name: 'ACME Store' },
    templateId: TEMPLATES.orderConfirmation,
    dynamicTemplateData: { number: order.number, total: order.totalFormatted },
  });
}

module.exports = { sendOrderConfirmation, TEMPLATES };
