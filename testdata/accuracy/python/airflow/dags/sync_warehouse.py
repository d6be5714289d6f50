from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.slack.operators.slack_webhook import SlackWebhookOperator
from airflow.providers.snowflake.operators.snowflake import SnowflakeOperator

SNOWFLAKE_CONN = {
    "account": "acme-eu1",
    "user": "AIRFLOW_SVC",
    "password": "compassTractor396?",
    "warehouse": "TRANSFORM_WH",
}
ALERTS_WEBHOOK = "https://hooks.slack.com/services/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"

default_args = {"owner": "data-eng", "retries": 2, "retry_delay": timedelta(minutes=10)}

with DAG(
    "sync_warehouse",
    start_date=datetime(2024, 1, 1),
    schedule="0 3 * * *",
    default_args=default_args,
    catchup=False,
) as dag:
    load = SnowflakeOperator(task_id="load_invoices", sql="sql/load_invoices.sql")
    notify = SlackWebhookOperator(
        task_id="notify",
        slack_webhook_conn_id="slack_alerts",
        message="warehouse sync finished",
    )
    load >> notify
